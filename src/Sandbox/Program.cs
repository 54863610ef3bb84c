// Placeholder: the grading sandbox's entry point (filled in by the grading work).
return 0;
