#!/usr/bin/env python3
"""Reference chat-template renderer: python jinja2 set up as Hugging Face transformers sets it up
(transformers/utils/chat_template_utils.py, _compile_jinja_template): ImmutableSandboxedEnvironment with
trim_blocks, lstrip_blocks and the loopcontrols extension; tojson = json.dumps(ensure_ascii=False, indent=...);
globals raise_exception(message) and strftime_now(format).

stdin:  a JSON array of cases {"template": str, "context": {...}, "now": ISO-8601 time for strftime_now}
stdout: a JSON array, one {"output": str} or {"error": str} per case, in order.
As llama-server and vLLM do before calling the template, a tool call's function.arguments given as a JSON string
is parsed into an object.
"""
import json
import sys
from datetime import datetime

from jinja2 import TemplateError
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def raise_exception(message):
    raise TemplateError(message)


def parse_arguments(context):
    for message in context.get("messages") or []:
        for call in message.get("tool_calls") or []:
            function = call.get("function") or {}
            if isinstance(function.get("arguments"), str):
                function["arguments"] = json.loads(function["arguments"])


def render(case):
    now = datetime.fromisoformat(case["now"])
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: now.strftime(fmt)
    context = case["context"]
    parse_arguments(context)
    try:
        return {"output": env.from_string(case["template"]).render(**context)}
    except Exception as e:  # every failure is reported to the caller, which asserts on it
        return {"error": f"{type(e).__name__}: {e}"}


cases = json.load(sys.stdin)
json.dump([render(c) for c in cases], sys.stdout, ensure_ascii=False)
