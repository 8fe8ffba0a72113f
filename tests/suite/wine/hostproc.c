/* A host process for the Wine test (tests/wine.rs). Copied under the name of
 * each process a Windows container shows on its host (PING.EXE, csrss.exe,
 * vmwp.exe ...), so the engine stand-in can report PIDs that really exist in
 * the Wine prefix's process table. It prints its own Windows PID, then lives
 * until its stdin closes or its time limit (argv[1], seconds) passes, so a
 * test that dies cannot leave it behind for long.
 *
 * With --facts it prints instead what Windows says about this machine: the
 * computer name and the physical memory, which the stand-in then reports as
 * its own when it plays this machine's engine. With --ui-language it prints
 * the user's display language (GetUserDefaultUILanguage) as a hex LANGID. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static DWORD WINAPI until_stdin_closes(LPVOID unused) {
    char buf[64];
    DWORD n;
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    (void)unused;
    while (ReadFile(in, buf, sizeof buf, &n, NULL) && n > 0) {
    }
    ExitProcess(0);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--facts") == 0) {
        char name[256];
        DWORD len = sizeof name;
        MEMORYSTATUSEX mem;
        if (!GetComputerNameExA(ComputerNamePhysicalDnsHostname, name, &len)) return 1;
        mem.dwLength = sizeof mem;
        if (!GlobalMemoryStatusEx(&mem)) return 1;
        printf("%s\n%llu\n", name, (unsigned long long)mem.ullTotalPhys);
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "--ui-language") == 0) {
        printf("%04x\n", (unsigned)GetUserDefaultUILanguage());
        return 0;
    }
    DWORD limit = argc > 1 ? (DWORD)atoi(argv[1]) : 300;
    printf("%lu\n", (unsigned long)GetCurrentProcessId());
    fflush(stdout);
    CreateThread(NULL, 0, until_stdin_closes, NULL, 0, NULL);
    Sleep(limit * 1000);
    return 0;
}
