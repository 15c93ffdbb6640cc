BUG: |WARNING: |UBSAN: |unreferenced object 0x|Kernel panic|Oops: |general protection fault|kernel BUG at|INFO: task .* blocked|possible circular locking|inconsistent lock state|Call Trace:
