#!/usr/bin/env python3
"""Verify a HomeSafe history export without HomeSafe (docs/history-format.md, "Verifying an export").

    python3 verify_history.py EXPORT.jsonl

Checks every line in order: it is one JSON object in canonical form; `v` is 1; `seq` counts
1, 2, 3 ...; `hash` is the SHA-256 of the line with its final ,"hash":"..." member removed (and
the closing brace put back); `prev` is the hash of the line before (64 zeros for the first).
Prints the number of events and the last hash and exits 0 if all is well; otherwise prints the
first bad line and exits 1. Exits 2 if the file cannot be read. Standard library only.
"""
import hashlib
import json
import sys

ENVELOPE = ["v", "seq", "id", "type", "subject", "at", "recorded", "actor",
            "reason", "corrects", "data", "prev", "hash"]
OPTIONAL = {"reason", "corrects"}
GENESIS = "0" * 64
HASH_MEMBER = ',"hash":"'


def canonical(value):
    """Nested objects with sorted keys, no white space, non-ASCII left as UTF-8."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def check_line(text, expected_seq, prev):
    """Returns (field, reason) for the first problem with this line, or (None, its hash)."""
    try:
        obj = json.loads(text)
    except ValueError as e:
        return "(line)", "not JSON: %s" % e
    if not isinstance(obj, dict):
        return "(line)", "not a JSON object"
    for key in obj:
        if key not in ENVELOPE:
            return key, "not a member of the line envelope"
    for key in ENVELOPE:
        if key not in obj and key not in OPTIONAL:
            return key, "missing"
    if type(obj["v"]) is not int or obj["v"] != 1:
        return "v", "format version %r is not 1" % (obj["v"],)
    if type(obj["seq"]) is not int or obj["seq"] != expected_seq:
        return "seq", "is %r, expected %d: an event is missing or out of order" % (obj["seq"], expected_seq)
    if text.endswith("\r"):
        return "(line)", "ends with a carriage return: was the file converted to CRLF line endings?"
    members = ["%s:%s" % (canonical(k), canonical(obj[k])) for k in ENVELOPE if k in obj]
    if "{" + ",".join(members) + "}" != text:
        return "(line)", "not in canonical form, so its bytes are not the bytes that were hashed"
    cut = text.rfind(HASH_MEMBER)
    body = text[:cut] + "}"
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    if obj["hash"] != digest:
        return "hash", "does not match the line's content: the line was altered after it was written"
    if obj["prev"] != prev:
        return "prev", "is not the hash of the line before: a line was removed, reordered or altered"
    return None, digest


def main(argv):
    if len(argv) != 2:
        print("usage: verify_history.py EXPORT.jsonl", file=sys.stderr)
        return 2
    path = argv[1]
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        print("%s: %s" % (path, e), file=sys.stderr)
        return 2
    lines = raw.split(b"\n")
    if lines[-1] == b"":
        lines.pop()  # the newline that ends the last line
    prev = GENESIS
    for n, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            field, result = "(line)", "not UTF-8"
        else:
            field, result = check_line(text, n, prev)
        if field is not None:
            print("%s: line %d: %s: %s" % (path, n, field, result), file=sys.stderr)
            return 1
        prev = result
    print("%s: %d events, chain intact; last hash %s" % (path, len(lines), prev))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
