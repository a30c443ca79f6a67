"""store_fingerprint.py -- one md5 over a store's names, kinds, link targets
and file contents, for the tools that compare stores (compare_runs.sh,
ab_runs.sh).  skip names top-level entries to leave out (e.g. .battfarm,
whose bookkeeping names the binary's version)."""
import hashlib
import os


def fingerprint(root, skip=()):
    h = hashlib.md5()
    for d, dirs, files in sorted(os.walk(root)):
        if d == root:
            dirs[:] = [x for x in dirs if x not in skip]
            files = [x for x in files if x not in skip]
        dirs.sort()
        for name in sorted(dirs + files):
            p = os.path.join(d, name)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                h.update(f"{rel} l {os.readlink(p)}\n".encode())
            elif os.path.isdir(p):
                h.update(f"{rel} d\n".encode())
            else:
                h.update(f"{rel} f {hashlib.md5(open(p, 'rb').read()).hexdigest()}\n".encode())
    return h.hexdigest()
