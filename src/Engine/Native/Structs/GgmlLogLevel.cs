namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum ggml_log_level</c> (ggml.h): severity of a llama.cpp / ggml log message.</summary>
internal enum GgmlLogLevel
{
    /// <summary>GGML_LOG_LEVEL_NONE.</summary>
    NONE = 0,
    /// <summary>GGML_LOG_LEVEL_DEBUG.</summary>
    DEBUG = 1,
    /// <summary>GGML_LOG_LEVEL_INFO.</summary>
    INFO = 2,
    /// <summary>GGML_LOG_LEVEL_WARN.</summary>
    WARN = 3,
    /// <summary>GGML_LOG_LEVEL_ERROR.</summary>
    ERROR = 4,
    /// <summary>GGML_LOG_LEVEL_CONT: continues the previous message (same level).</summary>
    CONT = 5,
}
