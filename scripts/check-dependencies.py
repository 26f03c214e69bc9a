#!/usr/bin/env python3
"""Checks that Package.swift declares exactly the modules each target's files import: no import
of a module the target does not declare (SwiftPM would let a transitive one through), and no
declared dependency that nothing imports (a stale edge). Run by scripts/test.sh; exits 1 on a
mismatch, naming the target."""
import re, glob, os, sys
root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
pkg = open(os.path.join(root, 'Package.swift')).read()
targets = {}
for m in re.finditer(r'\.(?:target|testTarget|executableTarget)\(name: "([^"]+)"(.*?)(?=\n        \.|\n    \]\n)', pkg, re.S):
    name, body = m.group(1), m.group(2)
    deps = set(re.findall(r'(?<![\w.])"([A-Za-z]+)"(?!:)', body.split('swiftSettings')[0].split('exclude')[0].split('path:')[0]))
    deps |= set(re.findall(r'\.product\(name: "([^"]+)"', body))
    deps.discard(name)
    path = re.search(r'path: "([^"]+)"', body)
    folder = path.group(1) if path else (('Tests/' if 'testTarget' in m.group(0)[:12] else 'Sources/') + name)
    if not os.path.isdir(os.path.join(root, folder)):
        folder = 'Tests/' + name if os.path.isdir(os.path.join(root, 'Tests/' + name)) else 'Sources/' + name
    targets[name] = (deps, folder)
system = {'Foundation', 'FoundationEssentials', 'Glibc', 'Dispatch', 'Testing', 'XCTest', 'Synchronization', 'CSQLite', 'CLibGit2', 'FoundationNetworking', 'FoundationXML'}
bad = 0
for name, (deps, folder) in sorted(targets.items()):
    imports = set()
    for f in glob.glob(os.path.join(root, folder, '**/*.swift'), recursive=True):
        imports |= set(re.findall(r'^(?:@testable )?import ([A-Za-z_]\w*)[ \t]*$', open(f).read(), re.M))
    missing = sorted(i for i in imports - deps - system - {name})
    # C modules and linked libraries are used through other modules' headers, not imported.
    stale = sorted(d for d in deps - imports if d not in system | {'CSupport', 'dl'})
    if missing or stale:
        bad += 1
        print(f'{name}: imports undeclared {missing}; declares unused {stale}')
print(f'dependencies: {len(targets)} targets, ' + ('all imports declared, no stale edges' if not bad else f'{bad} with problems'))
sys.exit(1 if bad else 0)
