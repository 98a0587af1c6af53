"""Renders MQTT value templates the way Home Assistant does, to check the gateway's templates.

Home Assistant (homeassistant/helpers/template, components/mqtt/models.py) renders a value
template in an ImmutableSandboxedEnvironment whose undefined values log a warning when printed,
iterated or tested for truth, and an error when used further; the variables are `value` (the
payload) and `value_json` (the payload parsed, when it is JSON); the result is stripped.

Reads [{"template": ..., "payload": ...}, ...] as JSON on stdin; writes
[{"result": ..., "problems": [...]}, ...]: what the template gives and what Home Assistant would log.
"""
import json
import sys

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

problems = []


class LoggingUndefined(jinja2.Undefined):
    def _fail_with_undefined_error(self, *args, **kwargs):
        problems.append("error: " + self._undefined_message)
        return super()._fail_with_undefined_error(*args, **kwargs)

    def __str__(self):
        problems.append("warning: " + self._undefined_message)
        return super().__str__()

    def __iter__(self):
        problems.append("warning: " + self._undefined_message)
        return super().__iter__()

    def __bool__(self):
        problems.append("warning: " + self._undefined_message)
        return super().__bool__()


env = ImmutableSandboxedEnvironment(undefined=LoggingUndefined)
results = []
for case in json.load(sys.stdin):
    problems.clear()
    variables = {"value": case["payload"]}
    try:
        variables["value_json"] = json.loads(case["payload"])
    except ValueError:
        pass
    try:
        result = env.from_string(case["template"]).render(**variables).strip()
    except Exception as e:  # Home Assistant logs these as template errors
        result = None
        problems.append("raised: " + repr(e))
    results.append({"result": result, "problems": list(problems)})
json.dump(results, sys.stdout)
