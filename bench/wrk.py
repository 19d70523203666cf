"""Driving wrk: a Lua script per load (paths, bodies, a request cap), and its report parsed."""

import argparse
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Load:
    method: str
    paths: list[str]
    bodies: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def _lua_string(text: str) -> str:
    level = "=" * 4
    return f"[{level}[{text}]{level}]"


def lua_script(load: Load, max_requests: int) -> str:
    """Cycle through the paths (and bodies); stop each thread after its share of `max_requests`."""
    paths = ", ".join(_lua_string(p) for p in load.paths)
    bodies = ", ".join(_lua_string(b) for b in load.bodies) or "nil"
    return f"""
local paths = {{{paths}}}
local bodies = {{{bodies}}}
local method = "{load.method}"
local cap = {max_requests}
local sent = 0
local counter = 0
function setup(thread) thread:set("id", counter); counter = counter + 1 end
function init(args) sent = id * 7919 end
function request()
  sent = sent + 1
  local path = paths[(sent % #paths) + 1]
  local body = nil
  if #bodies > 0 then body = bodies[(sent % #bodies) + 1] end
  return wrk.format(method, path, nil, body)
end
local done = 0
function response(status, headers, body)
  done = done + 1
  if done >= cap then wrk.thread:stop() end
end
"""


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def parse(output: str) -> Result:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failed = int(errors.group(1)) if errors else 0
    if socket:
        failed += sum(int(n) for n in socket.groups())
    return Result(rps, p50, p99, requests, failed)


def run_wrk(base_url: str, load: Load, headers: dict[str, str], args: argparse.Namespace, tmp: Path) -> Result:
    threads = 2
    script = tmp / "load.lua"
    script.write_text(lua_script(load, max(1, args.max_requests // threads)), encoding="utf-8")
    command = ["wrk", f"-t{threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "--timeout", "10s"]
    for name, value in {**headers, "Content-Type": "application/json"}.items():
        command += ["-H", f"{name}: {value}"]
    command += ["-s", str(script), base_url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse(output)
