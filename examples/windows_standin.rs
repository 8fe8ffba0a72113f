//! The Windows engine stand-in (tests/suite/common/windows_engine.rs) as a
//! Windows program, serving Docker's default Windows endpoint, the named pipe
//! `\\.\pipe\docker_engine`, so `proofbook.exe` with no `--engine` reaches it
//! the way it reaches Docker on a Windows host. The Wine test
//! (tests/suite/wine.rs) runs both under Wine in one prefix.
//!
//! `windows_standin NAME MEM_TOTAL HOSTPROC_EXE [PIPE]`: the engine's host is
//! named NAME with MEM_TOTAL bytes of memory (this machine's, for a local
//! engine); a process-isolated container's processes are copies of
//! HOSTPROC_EXE (tests/suite/wine/hostproc.c) started under each process's
//! name. Prints the endpoint once the pipe exists, serves until stdin closes,
//! then removes its containers (ending their processes) and says which API
//! calls it had no answer for.

#[path = "../tests/suite/common/windows_engine.rs"]
mod windows_engine;

#[cfg(windows)]
fn main() {
    standin::main()
}

#[cfg(not(windows))]
fn main() {
    let _ = windows_engine::WinHost::server_2022;
    eprintln!("windows_standin serves a Windows named pipe: build it for Windows (--target x86_64-pc-windows-gnu)");
    std::process::exit(2);
}

#[cfg(windows)]
mod standin {
    use super::windows_engine::{HostProcs, WinHost, WindowsEngine};
    use std::collections::HashMap;
    use std::io::{Read, Write};
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::sync::{Arc, Mutex};

    /// Host processes: the helper copied under each name, started directly
    /// (this is a Windows program); the PID is the one Windows gave it.
    struct Procs {
        helper: PathBuf,
        children: Mutex<HashMap<u32, Child>>,
    }

    impl HostProcs for Procs {
        fn start(&self, names: &[String]) -> Vec<u32> {
            let dir = self.helper.with_file_name("procs");
            let _ = std::fs::create_dir_all(&dir);
            let mut pids = Vec::new();
            for name in names {
                let exe = dir.join(name);
                if !exe.exists() {
                    std::fs::copy(&self.helper, &exe).expect("copy the helper");
                }
                let child = Command::new(&exe)
                    .arg("900")
                    .stdin(Stdio::piped())
                    .stdout(Stdio::null())
                    .spawn()
                    .expect("the helper starts");
                pids.push(child.id());
                self.children.lock().unwrap().insert(child.id(), child);
            }
            pids
        }

        fn end(&self, pids: &[u32]) {
            let mut children = self.children.lock().unwrap();
            for pid in pids {
                if let Some(mut c) = children.remove(pid) {
                    let _ = c.kill();
                    let _ = c.wait();
                }
            }
        }
    }

    pub(super) fn main() {
        let args: Vec<String> = std::env::args().collect();
        let [_, name, mem, helper, rest @ ..] = args.as_slice() else {
            eprintln!("usage: windows_standin NAME MEM_TOTAL HOSTPROC_EXE [PIPE]");
            std::process::exit(2);
        };
        let pipe = rest.first().map_or(r"\\.\pipe\docker_engine", String::as_str);
        let host = WinHost {
            name: name.clone(),
            mem_total: mem.parse().expect("MEM_TOTAL in bytes"),
            ..WinHost::server_2022().with_base_images()
        };
        let procs = Arc::new(Procs {
            helper: PathBuf::from(helper),
            children: Mutex::new(HashMap::new()),
        });
        let engine = WindowsEngine::start_on_pipe(host, Some(procs), pipe);
        println!("{}", engine.url);
        let _ = std::io::stdout().flush();
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
        engine.remove_all();
        eprintln!("unanswered: {:?}", engine.unanswered());
    }
}
