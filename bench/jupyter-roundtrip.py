"""Round trips of `print(1)` in a Jupyter kernel (ipykernel via jupyter_client), for the exec benchmark.

Usage: python3 jupyter-roundtrip.py <runs> <warmup>. Prints one JSON line: {"ms": [...]} with the
wall time of each round trip (execute request sent → output received and the kernel idle again),
or {"error": "..."} when jupyter_client or ipykernel is missing.
"""
import json
import sys
import time

try:
    from jupyter_client.manager import start_new_kernel
except ImportError as error:  # python3-jupyter-client is not installed
    print(json.dumps({"error": str(error)}))
    sys.exit(0)


def round_trip(client):
    started = time.perf_counter()
    message_id = client.execute("print(1)")
    saw_output = False
    idle = False
    while not (saw_output and idle):
        message = client.get_iopub_msg(timeout=10)
        if message["parent_header"].get("msg_id") != message_id:
            continue
        kind = message["msg_type"]
        if kind == "stream":
            saw_output = True
        elif kind == "status" and message["content"]["execution_state"] == "idle":
            idle = True
    return (time.perf_counter() - started) * 1000


def main():
    runs, warmup = int(sys.argv[1]), int(sys.argv[2])
    try:
        manager, client = start_new_kernel(kernel_name="python3")
    except Exception as error:  # ipykernel missing or the kernel does not start
        print(json.dumps({"error": str(error)}))
        return
    try:
        for _ in range(warmup):
            round_trip(client)
        print(json.dumps({"ms": [round_trip(client) for _ in range(runs)]}))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


main()
