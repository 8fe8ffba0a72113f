/* Wine 8 has no bcryptprimitives.dll, whose ProcessPrng Rust's standard
 * library (1.78 and later) imports on Windows for random numbers. This stub,
 * placed beside proofbook.exe by the Wine test (tests/wine.rs), forwards it to
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has. Not shipped:
 * real Windows (10 and later) has the DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
