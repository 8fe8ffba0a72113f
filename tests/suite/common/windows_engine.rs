//! A Windows-shaped Docker engine for tests: a small HTTP/1.1 server on
//! loopback that answers the Engine API calls proofbook makes the way Docker
//! on Windows Server 2019/2022/2025 answers them, and records what it was
//! sent. The shapes follow the Engine API specification and moby's Windows
//! daemon: `OSType: windows`, a `KernelVersion` like
//! `10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)`, `Isolation` in
//! `/info`, `docker top` as `Name PID CPU Private Working Set` (as in the seed
//! transcripts in tests/fixtures/windows/), exec output multiplexed on an
//! upgraded connection, and a failed exec start written into the stream with
//! exit code 126 the way the daemon does it.
//!
//! It runs on its own thread and tokio runtime so a test can drive the real
//! proofbook binary against `tcp://127.0.0.1:PORT`; built for Windows
//! (examples/windows_standin.rs) it also serves Docker's default Windows
//! endpoint, the named pipe `\\.\pipe\docker_engine`.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

/// A connection to the stand-in: loopback TCP or a named pipe.
trait Conn: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Conn for T {}

/// One Windows host as its engine describes it.
#[derive(Debug, Clone)]
pub(crate) struct WinHost {
    pub build: u32,
    pub revision: u32,
    /// `/info` Name: the engine host's computer name.
    pub name: String,
    pub product: &'static str,
    pub kernel_tail: &'static str,
    /// `/info` Isolation: `process` on Server, `hyperv` on client Windows.
    pub default_isolation: &'static str,
    /// Whether the Hyper-V feature is installed (else hyperv containers do not start).
    pub hyperv: bool,
    /// Images already on the engine.
    pub images: Vec<String>,
    /// How long a pull takes (progress is streamed over that time).
    pub pull_time: Duration,
    /// The highest API version this engine speaks.
    pub api_version: &'static str,
    pub engine_version: &'static str,
    /// `/info` MemTotal, bytes.
    pub mem_total: u64,
}

impl WinHost {
    pub(crate) fn server_2019() -> WinHost {
        WinHost {
            build: 17763,
            revision: 5696,
            name: "WIN-PB2019".into(),
            product: "Windows Server 2019 Datacenter Version 1809",
            kernel_tail: "17763.1.amd64fre.rs5_release.180914-1434",
            default_isolation: "process",
            hyperv: true,
            images: Vec::new(),
            pull_time: Duration::from_millis(50),
            api_version: "1.41",
            engine_version: "20.10.24",
            mem_total: 17_179_398_144,
        }
    }
    pub(crate) fn server_2022() -> WinHost {
        WinHost {
            build: 20348,
            revision: 2340,
            name: "WIN-PB2022".into(),
            product: "Windows Server 2022 Datacenter Version 2009",
            kernel_tail: "20348.1.amd64fre.fe_release.210507-1500",
            api_version: "1.45",
            engine_version: "26.1.3",
            ..WinHost::server_2019()
        }
    }
    pub(crate) fn server_2025() -> WinHost {
        WinHost {
            build: 26100,
            revision: 2894,
            name: "WIN-PB2025".into(),
            product: "Windows Server 2025 Datacenter Version 24H2",
            kernel_tail: "26100.1.amd64fre.ge_release.240331-1435",
            api_version: "1.47",
            engine_version: "27.4.1",
            ..WinHost::server_2019()
        }
    }
    /// With every Microsoft base image of this build already pulled.
    pub(crate) fn with_base_images(mut self) -> WinHost {
        for tag in tags_of(self.build) {
            for repo in ["nanoserver", "servercore"] {
                self.images.push(format!("mcr.microsoft.com/windows/{repo}:{tag}"));
            }
        }
        // The lessons also ask for the 1809 image by name, for Hyper-V.
        for repo in ["nanoserver", "servercore"] {
            self.images.push(format!("mcr.microsoft.com/windows/{repo}:1809"));
        }
        self
    }
    pub(crate) fn kernel(&self) -> String {
        format!("10.0 {} ({})", self.build, self.kernel_tail)
    }
}

/// The tags Microsoft publishes for a build (the registry of this stand-in).
fn tags_of(build: u32) -> &'static [&'static str] {
    match build {
        17763 => &["1809", "ltsc2019"],
        20348 => &["ltsc2022"],
        26100 => &["ltsc2025"],
        _ => &[],
    }
}

fn build_of_image(image: &str) -> Option<u32> {
    let tag = image.rsplit_once(':').map(|(_, t)| t)?;
    [17763, 20348, 26100].into_iter().find(|b| tags_of(*b).contains(&tag))
}

/// Real processes on the machine the stand-in runs on, for a stand-in that
/// plays this machine's own engine (the Wine test): a process-isolated
/// container's processes are then host processes with the PIDs `top`
/// reports, and a Hyper-V container shows on the host as one real `vmwp.exe`.
pub(crate) trait HostProcs: Send + Sync {
    /// Starts one process under each name; their PIDs, in order.
    fn start(&self, names: &[String]) -> Vec<u32>;
    /// Ends processes this started.
    fn end(&self, pids: &[u32]);
}

/// One API call as the engine received it (the `/vX.Y` prefix removed).
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub method: String,
    pub path: String,
    pub query: BTreeMap<String, String>,
    pub api_version: Option<String>,
    pub body: Value,
    /// The status this stand-in answered with.
    pub status: u16,
}

#[derive(Debug, Clone)]
struct Container {
    id: String,
    name: String,
    image: String,
    isolation: String,
    cmd: Vec<String>,
    labels: HashMap<String, String>,
    running: bool,
    procs: Vec<(String, u32)>,
    /// PIDs of real host processes started for this container (ended with it).
    real: Vec<u32>,
    files: Vec<String>,
    /// Registry values written inside: (key as given, upper-cased; value name; data).
    keys: Vec<(String, String, String)>,
}

#[derive(Debug, Clone)]
struct ExecJob {
    container: String,
    cmd: Vec<String>,
    exit: Option<i64>,
}

#[derive(Default)]
struct State {
    requests: Vec<Request>,
    images: Vec<String>,
    containers: Vec<Container>,
    execs: HashMap<String, ExecJob>,
    next_pid: u32,
    next_id: u64,
    host_procs: Option<Arc<dyn HostProcs>>,
}

pub(crate) struct WindowsEngine {
    pub url: String,
    pub host: WinHost,
    state: Arc<Mutex<State>>,
}

fn new_state(host: &WinHost, host_procs: Option<Arc<dyn HostProcs>>) -> Arc<Mutex<State>> {
    Arc::new(Mutex::new(State {
        images: host.images.clone(),
        next_pid: 1000,
        host_procs,
        ..State::default()
    }))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

impl WindowsEngine {
    pub(crate) fn start(host: WinHost) -> WindowsEngine {
        Self::start_with(host, None)
    }

    /// A stand-in whose containers' host-side processes are real ones (see `HostProcs`).
    pub(crate) fn start_with(host: WinHost, host_procs: Option<Arc<dyn HostProcs>>) -> WindowsEngine {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let url = format!("tcp://{}", std_listener.local_addr().expect("address"));
        let state = new_state(&host, host_procs);
        let (st, h) = (state.clone(), host.clone());
        std::thread::spawn(move || {
            runtime().block_on(async move {
                let listener = TcpListener::from_std(std_listener).expect("listener");
                while let Ok((sock, _)) = listener.accept().await {
                    let (st, h) = (st.clone(), h.clone());
                    tokio::spawn(async move {
                        let _ = serve(sock, st, h).await;
                    });
                }
            });
        });
        WindowsEngine { url, host, state }
    }

    /// The same stand-in on a named pipe (`\\.\pipe\docker_engine` is the
    /// engine's default on Windows); returns once the first instance exists.
    #[cfg(windows)]
    pub(crate) fn start_on_pipe(host: WinHost, host_procs: Option<Arc<dyn HostProcs>>, pipe: &str) -> WindowsEngine {
        use tokio::net::windows::named_pipe::ServerOptions;
        let state = new_state(&host, host_procs);
        let (st, h, name) = (state.clone(), host.clone(), pipe.to_string());
        let (ready, is_ready) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            runtime().block_on(async move {
                let mut server = ServerOptions::new().first_pipe_instance(true).create(&name);
                let _ = ready.send(server.as_ref().map(|_| ()).map_err(|e| e.to_string()));
                while let Ok(pipe) = server {
                    if pipe.connect().await.is_err() {
                        break;
                    }
                    // The next instance exists before this one is served, so a client never finds none.
                    server = ServerOptions::new().create(&name);
                    let (st, h) = (st.clone(), h.clone());
                    tokio::spawn(async move {
                        let _ = serve(pipe, st, h).await;
                    });
                }
            });
        });
        is_ready.recv().expect("pipe thread").expect("named pipe created");
        let url = format!("npipe://{}", pipe.replace('\\', "/"));
        WindowsEngine { url, host, state }
    }

    pub(crate) fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Bodies of every `POST /containers/create`, with the `name` query in `_name`.
    pub(crate) fn creates(&self) -> Vec<Value> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path == "/containers/create")
            .map(|r| {
                let mut b = r.body.clone();
                b["_name"] = json!(r.query.get("name").cloned().unwrap_or_default());
                b
            })
            .collect()
    }

    /// Images asked for with `POST /images/create`, as `repo:tag`.
    pub(crate) fn pulls(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path == "/images/create")
            .map(|r| {
                format!(
                    "{}:{}",
                    r.query["fromImage"],
                    r.query.get("tag").map_or("latest", |t| t)
                )
            })
            .collect()
    }

    /// Calls this stand-in had no answer for (a test asserts there are none).
    pub(crate) fn unanswered(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter(|r| r.body.get("_unanswered").is_some())
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    /// Creates and starts a container as a learner's `docker run -d` would.
    pub(crate) fn run(&self, name: &str, image: &str, isolation: &str, cmd: &[&str]) -> Result<String, String> {
        let mut st = self.state.lock().unwrap();
        let req = Request {
            method: "POST".into(),
            path: "/containers/create".into(),
            query: [("name".to_string(), name.to_string())].into_iter().collect(),
            api_version: None,
            body: json!({"Image": image, "Cmd": cmd, "HostConfig": {"Isolation": isolation}}),
            status: 0,
        };
        let created = create(&mut st, &self.host, &req);
        let id = created.body["Id"].as_str().ok_or(created.body.to_string())?.to_string();
        let started = start(&mut st, &self.host, &id);
        if started.status == 204 {
            Ok(id)
        } else {
            Err(started.body.to_string())
        }
    }

    /// Removes every container, ending the host processes started for them.
    pub(crate) fn remove_all(&self) {
        let mut st = self.state.lock().unwrap();
        let real: Vec<u32> = st.containers.drain(..).flat_map(|c| c.real).collect();
        if let Some(p) = &st.host_procs {
            p.end(&real);
        }
    }

    /// Containers still on the engine.
    pub(crate) fn containers_left(&self) -> usize {
        self.state.lock().unwrap().containers.len()
    }
}

struct Reply {
    status: u16,
    body: Value,
}

fn ok(body: Value) -> Reply {
    Reply { status: 200, body }
}

fn err(status: u16, message: String) -> Reply {
    Reply {
        status,
        body: json!({ "message": message }),
    }
}

async fn serve(mut sock: impl Conn, state: Arc<Mutex<State>>, host: WinHost) -> std::io::Result<()> {
    let Some(mut req) = read_request(&mut sock).await? else {
        return Ok(());
    };
    if let Some(v) = &req.api_version {
        if version_above(v, host.api_version) {
            let r = err(
                400,
                format!(
                    "client version {v} is too new. Maximum supported API version is {}",
                    host.api_version
                ),
            );
            record(&state, req);
            return write_json(&mut sock, r, &host).await;
        }
    }
    let path = req.path.clone();
    let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let method = req.method.clone();
    match (method.as_str(), seg.as_slice()) {
        ("GET", ["_ping"]) | ("HEAD", ["_ping"]) => {
            record(&state, req);
            let head = format!(
                "HTTP/1.1 200 OK\r\nApi-Version: {}\r\nOstype: windows\r\nDocker-Experimental: false\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK",
                host.api_version
            );
            sock.write_all(head.as_bytes()).await
        }
        ("POST", ["images", "create"]) => {
            let image = format!(
                "{}:{}",
                req.query.get("fromImage").cloned().unwrap_or_default(),
                req.query.get("tag").map_or("latest", |t| t)
            );
            record(&state, req);
            pull(&mut sock, &state, &host, &image).await
        }
        ("POST", ["exec", id, "start"]) => {
            let id = id.to_string();
            req.status = 101;
            record(&state, req);
            exec_start(&mut sock, &state, &host, &id).await
        }
        _ => {
            let reply = answer(&state, &host, &mut req);
            req.status = reply.status;
            record(&state, req);
            write_json(&mut sock, reply, &host).await
        }
    }
}

fn record(state: &Arc<Mutex<State>>, req: Request) {
    state.lock().unwrap().requests.push(req);
}

fn version_above(asked: &str, max: &str) -> bool {
    let parse = |v: &str| -> (u32, u32) {
        let (a, b) = v.split_once('.').unwrap_or((v, "0"));
        (a.parse().unwrap_or(0), b.parse().unwrap_or(0))
    };
    parse(asked) > parse(max)
}

/// Every JSON call: system, images, containers, execs.
fn answer(state: &Arc<Mutex<State>>, host: &WinHost, req: &mut Request) -> Reply {
    let path = req.path.clone();
    let seg: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let mut st = state.lock().unwrap();
    match (req.method.as_str(), seg.as_slice()) {
        ("GET", ["version"]) => ok(version_json(host)),
        ("GET", ["info"]) => ok(info_json(host, &st)),
        ("GET", ["images", "json"]) => ok(Value::Array(st.images.iter().map(|i| image_summary(i, host)).collect())),
        ("GET", ["images", rest @ .., "json"]) => {
            let name = rest.join("/");
            if st.images.contains(&name) {
                ok(image_json(&name, host))
            } else {
                err(404, format!("No such image: {name}"))
            }
        }
        ("POST", ["containers", "create"]) => create(&mut st, host, req),
        ("GET", ["containers", "json"]) => ok(list(&st, req)),
        ("POST", ["containers", id, "start"]) => start(&mut st, host, id),
        ("GET", ["containers", id, "json"]) => match find(&st, id) {
            Some(c) => ok(inspect_json(c, host)),
            None => err(404, format!("No such container: {id}")),
        },
        ("GET", ["containers", id, "top"]) => match find(&st, id) {
            Some(c) if c.running => ok(top_json(c)),
            Some(c) => err(409, format!("Container {} is not running", c.id)),
            None => err(404, format!("No such container: {id}")),
        },
        ("POST", ["containers", id, "exec"]) => {
            let Some(c) = find(&st, id).filter(|c| c.running).map(|c| c.id.clone()) else {
                return err(409, format!("Container {id} is not running"));
            };
            st.next_id += 1;
            let exec_id = format!("{:064x}", 0xe0e0_0000_u64 + st.next_id);
            let cmd = strings(&req.body["Cmd"]);
            st.execs.insert(
                exec_id.clone(),
                ExecJob {
                    container: c,
                    cmd,
                    exit: None,
                },
            );
            Reply {
                status: 201,
                body: json!({ "Id": exec_id }),
            }
        }
        ("GET", ["exec", id, "json"]) => match st.execs.get(*id) {
            Some(e) => ok(json!({
                "ID": id, "Running": false, "ExitCode": e.exit, "ContainerID": e.container,
                "ProcessConfig": {"tty": false, "entrypoint": e.cmd.first(), "arguments": e.cmd.get(1..), "privileged": false},
                "OpenStdin": false, "OpenStderr": true, "OpenStdout": true, "CanRemove": false, "Pid": 0
            })),
            None => err(404, format!("No such exec instance: {id}")),
        },
        ("DELETE", ["containers", id]) => {
            let gone = |c: &Container| c.id == *id || c.id.starts_with(*id) || c.name == *id;
            let real: Vec<u32> = st
                .containers
                .iter()
                .filter(|c| gone(c))
                .flat_map(|c| c.real.clone())
                .collect();
            let before = st.containers.len();
            st.containers.retain(|c| !gone(c));
            if let Some(p) = &st.host_procs {
                p.end(&real);
            }
            if st.containers.len() < before {
                Reply {
                    status: 204,
                    body: Value::Null,
                }
            } else {
                err(404, format!("No such container: {id}"))
            }
        }
        _ => {
            req.body = json!({ "_unanswered": true });
            err(404, "page not found".into())
        }
    }
}

fn version_json(host: &WinHost) -> Value {
    json!({
        "Platform": {"Name": "Docker Engine - Community"},
        "Components": [{"Name": "Engine", "Version": host.engine_version, "Details": {
            "ApiVersion": host.api_version, "Arch": "amd64", "GoVersion": "go1.21.13",
            "KernelVersion": host.kernel(), "MinAPIVersion": "1.24", "Os": "windows"}}],
        "Version": host.engine_version, "ApiVersion": host.api_version, "MinAPIVersion": "1.24",
        "GitCommit": "8e96db1", "GoVersion": "go1.21.13", "Os": "windows", "Arch": "amd64",
        "KernelVersion": host.kernel(), "BuildTime": "2024-05-16T08:36:44.000000000+00:00"
    })
}

fn info_json(host: &WinHost, st: &State) -> Value {
    let running = st.containers.iter().filter(|c| c.running).count();
    let info = json!({
        "ID": "0b2a4c1e-5d6f-4a7b-8c9d-0e1f2a3b4c5d", "Containers": st.containers.len(),
        "ContainersRunning": running, "ContainersPaused": 0, "ContainersStopped": st.containers.len() - running,
        "Images": st.images.len(), "Driver": "windowsfilter", "DriverStatus": [],
        "Plugins": {"Volume": ["local"], "Network": ["ics", "internal", "l2bridge", "l2tunnel", "nat", "null", "overlay", "private", "transparent"],
                    "Authorization": null, "Log": ["awslogs", "etwlogs", "fluentd", "gcplogs", "gelf", "json-file", "local", "splunk", "syslog"]},
        "MemoryLimit": false, "SwapLimit": false, "CpuCfsPeriod": false, "CpuCfsQuota": false, "CPUShares": false,
        "CPUSet": false, "PidsLimit": false, "IPv4Forwarding": true, "Debug": false, "NFd": -1, "OomKillDisable": false,
        "NGoroutines": 34, "SystemTime": "2026-11-23T16:20:00.0000000Z", "LoggingDriver": "json-file",
        "CgroupDriver": "", "NEventsListener": 0
    });
    let more = json!({
        "KernelVersion": host.kernel(),
        "OperatingSystem": format!("{} (OS Build {}.{})", host.product, host.build, host.revision),
        "OSVersion": format!("10.0 {} ({})", host.build, host.kernel_tail),
        "OSType": "windows", "Architecture": "x86_64", "IndexServerAddress": "https://index.docker.io/v1/",
        "RegistryConfig": {"IndexConfigs": {}, "Mirrors": []}, "NCPU": 4, "MemTotal": host.mem_total,
        "DockerRootDir": "C:\\ProgramData\\docker", "Name": host.name, "Labels": [], "ExperimentalBuild": false,
        "ServerVersion": host.engine_version, "Runtimes": {}, "DefaultRuntime": "",
        "Swarm": {"LocalNodeState": "inactive"}, "LiveRestoreEnabled": false,
        "Isolation": host.default_isolation, "InitBinary": "", "SecurityOptions": [], "Warnings": []
    });
    let mut info = info;
    if let (Some(a), Value::Object(b)) = (info.as_object_mut(), more) {
        a.extend(b);
    }
    info
}

fn image_json(name: &str, host: &WinHost) -> Value {
    let build = build_of_image(name).unwrap_or(host.build);
    json!({
        "Id": format!("sha256:{:064x}", name.len() as u64 * 7919 + build as u64),
        "RepoTags": [name], "RepoDigests": [], "Os": "windows", "OsVersion": format!("10.0.{build}.1"),
        "Architecture": "amd64", "Size": 297_000_000u64, "Created": "2024-11-12T08:21:42.8120483Z",
        "Parent": "", "Comment": "", "DockerVersion": "", "Author": "",
        "Config": {"Cmd": ["c:\\windows\\system32\\cmd.exe"], "Env": null, "Labels": null},
        "RootFS": {"Type": "layers", "Layers": ["sha256:5f8b1c7e"]}, "Metadata": {"LastTagTime": "0001-01-01T00:00:00Z"}
    })
}

fn image_summary(name: &str, host: &WinHost) -> Value {
    let inspect = image_json(name, host);
    json!({
        "Id": inspect["Id"], "RepoTags": [name], "RepoDigests": [], "ParentId": "", "Created": 1_731_399_702u64,
        "Size": 297_000_000u64, "SharedSize": -1, "Labels": {}, "Containers": -1
    })
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn find<'a>(st: &'a State, id: &str) -> Option<&'a Container> {
    st.containers
        .iter()
        .find(|c| c.id == id || (id.len() >= 12 && c.id.starts_with(id)) || c.name == id)
}

fn create(st: &mut State, host: &WinHost, req: &Request) -> Reply {
    let image = req.body["Image"].as_str().unwrap_or_default().to_string();
    if !st.images.contains(&image) {
        return err(404, format!("No such image: {image}"));
    }
    let asked = req.body["HostConfig"]["Isolation"].as_str().unwrap_or("");
    let isolation = match asked {
        "" | "default" => host.default_isolation.to_string(),
        "process" | "hyperv" => asked.to_string(),
        other => return err(400, format!("invalid isolation: {other}")),
    };
    st.next_id += 1;
    let id = format!(
        "{:016x}{:048x}",
        0xc0de_0000_0000_u64 + st.next_id,
        st.next_id * 0x9e37_79b9
    );
    let name = req.query.get("name").cloned().unwrap_or_else(|| id[..12].to_string());
    let labels = req.body["Labels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    st.containers.push(Container {
        id: id.clone(),
        name,
        image,
        isolation,
        cmd: strings(&req.body["Cmd"]),
        labels,
        running: false,
        procs: Vec::new(),
        real: Vec::new(),
        files: Vec::new(),
        keys: Vec::new(),
    });
    Reply {
        status: 201,
        body: json!({ "Id": id, "Warnings": [] }),
    }
}

/// Whether a process-isolated container of an image built for `image` starts on `host`
/// (Microsoft's matrix: same build; Server 2025 also runs Server 2022 images).
fn process_compatible(host: u32, image: u32) -> bool {
    host == image || (host == 26100 && image == 20348)
}

fn start(st: &mut State, host: &WinHost, id: &str) -> Reply {
    let Some(i) = st
        .containers
        .iter()
        .position(|c| c.id == id || (id.len() >= 12 && c.id.starts_with(id)))
    else {
        return err(404, format!("No such container: {id}"));
    };
    let c = st.containers[i].clone();
    let image_build = build_of_image(&c.image).unwrap_or(host.build);
    let hcs = |what: &str| err(500, format!("hcs::CreateComputeSystem {}: {what}", c.id));
    if c.isolation == "hyperv" && !host.hyperv {
        return hcs("The virtual machine could not be started because a required feature is not installed.");
    }
    if c.isolation == "process" && !process_compatible(host.build, image_build) {
        return hcs("The container operating system does not match the host operating system.");
    }
    if c.isolation == "hyperv" && image_build > host.build {
        return hcs("The container operating system does not match the host operating system.");
    }
    // The system processes every Windows container starts (seed ws2019-top-*), then the workload.
    let mut names: Vec<String> = [
        "smss.exe",
        "csrss.exe",
        "wininit.exe",
        "services.exe",
        "lsass.exe",
        "svchost.exe",
        "svchost.exe",
        "svchost.exe",
        "CExecSvc.exe",
        "svchost.exe",
    ]
    .map(String::from)
    .to_vec();
    names.push(c.cmd.first().map(|p| exe_name(p)).unwrap_or_else(|| "cmd.exe".into()));
    let (pids, real) = container_pids(st, &c.isolation, &names);
    let c = &mut st.containers[i];
    c.procs = names.into_iter().zip(pids).collect();
    c.real = real;
    c.running = true;
    Reply {
        status: 204,
        body: Value::Null,
    }
}

/// The PIDs `top` reports for a new container's processes, and the real host
/// processes started for it. With real host processes, a process-isolated
/// container's processes are host processes (same PIDs); a Hyper-V one's are
/// numbered inside its utility VM, and the host runs one `vmwp.exe` for it.
fn container_pids(st: &mut State, isolation: &str, names: &[String]) -> (Vec<u32>, Vec<u32>) {
    if let Some(host) = st.host_procs.clone() {
        if isolation == "process" {
            let pids = host.start(names);
            return (pids.clone(), pids);
        }
        let worker = host.start(&["vmwp.exe".to_string()]);
        return (vm_pids(st, names.len()), worker);
    }
    (vm_pids(st, names.len()), Vec::new())
}

/// Made-up PIDs, as a machine the test cannot see numbers them.
fn vm_pids(st: &mut State, n: usize) -> Vec<u32> {
    let mut pids = Vec::new();
    for i in 0..n {
        st.next_pid += if i + 1 == n { 8 } else { 4 + (st.next_pid % 7) * 4 };
        pids.push(st.next_pid);
    }
    pids
}

/// `ping` → `PING.EXE`, as `docker top` shows a workload's image name.
fn exe_name(program: &str) -> String {
    let base = program.rsplit(['\\', '/']).next().unwrap_or(program);
    let lower = base.to_ascii_lowercase();
    let stem = lower.strip_suffix(".exe").unwrap_or(&lower);
    match stem {
        "ping" => "PING.EXE".into(),
        "cmd" => "cmd.exe".into(),
        "powershell" => "powershell.exe".into(),
        _ => format!("{stem}.exe"),
    }
}

fn list(st: &State, req: &Request) -> Value {
    let filters: Value = req
        .query
        .get("filters")
        .and_then(|f| serde_json::from_str(f).ok())
        .unwrap_or(Value::Null);
    let wanted = strings(&filters["label"]);
    let ids = strings(&filters["id"]);
    let all = req.query.get("all").is_some_and(|a| a == "true" || a == "1");
    let rows = st.containers.iter().filter(|c| {
        (all || c.running)
            && (ids.is_empty() || ids.iter().any(|i| c.id.starts_with(i.as_str())))
            && wanted.iter().all(|w| match w.split_once('=') {
                Some((k, v)) => c.labels.get(k).is_some_and(|x| x == v),
                None => c.labels.contains_key(w),
            })
    });
    Value::Array(
        rows.map(|c| {
            json!({
                "Id": c.id, "Names": [format!("/{}", c.name)], "Image": c.image, "Command": c.cmd.join(" "),
                "Labels": c.labels, "State": if c.running { "running" } else { "created" },
                "Status": if c.running { "Up 2 seconds" } else { "Created" }
            })
        })
        .collect(),
    )
}

fn inspect_json(c: &Container, host: &WinHost) -> Value {
    let pid = if c.running {
        c.procs.last().map_or(0, |p| p.1)
    } else {
        0
    };
    json!({
        "Id": c.id, "Name": format!("/{}", c.name), "Created": "2026-11-23T16:20:00.0000000Z",
        "Path": c.cmd.first(), "Args": c.cmd.get(1..),
        "State": {"Status": if c.running { "running" } else { "created" }, "Running": c.running, "Paused": false,
                  "Restarting": false, "OOMKilled": false, "Dead": false, "Pid": pid, "ExitCode": 0, "Error": "",
                  "StartedAt": "2026-11-23T16:20:01.0000000Z", "FinishedAt": "0001-01-01T00:00:00Z"},
        "Image": format!("sha256:{:064x}", c.image.len()), "Driver": "windowsfilter", "Platform": "windows",
        "HostConfig": {"NetworkMode": "none", "Isolation": c.isolation, "Memory": 268_435_456u64,
                       "Privileged": false, "Runtime": "", "Binds": null},
        "Config": {"Hostname": &c.id[..12], "Image": c.image, "Cmd": c.cmd, "Labels": c.labels,
                   "NetworkDisabled": true},
        "Mounts": [], "NetworkSettings": {"Networks": {}},
        "_host": host.name
    })
}

fn top_json(c: &Container) -> Value {
    let rows: Vec<Value> = c
        .procs
        .iter()
        .enumerate()
        .map(|(i, (name, pid))| {
            json!([
                name,
                pid.to_string(),
                format!("00:00:00.{:03}", 15 + i * 31),
                format!("{}.{}kB", 400 + i * 97, i)
            ])
        })
        .collect();
    json!({ "Titles": ["Name", "PID", "CPU", "Private Working Set"], "Processes": rows })
}

/// What a program run with `docker exec` prints in this container, and its exit code.
/// Programs the image does not have fail to start, as the daemon reports it.
fn run_in(c: &mut Container, host: &WinHost, cmd: &[String]) -> (String, String, i64) {
    let program = cmd.first().cloned().unwrap_or_default();
    let stem = exe_name(&program)
        .trim_end_matches(".exe")
        .trim_end_matches(".EXE")
        .to_ascii_lowercase();
    let servercore = c.image.contains("/servercore:");
    // nanoserver has no tasklist and no PowerShell (microsoft/Windows-Containers#254).
    let has = match stem.as_str() {
        "cmd" | "ping" | "hostname" | "reg" | "whoami" | "findstr" => true,
        "tasklist" | "powershell" | "netstat" => servercore,
        _ => false,
    };
    if !has {
        return (
            format!(
                "container {} encountered an error during hcs::System::CreateProcess: {program}: failure in a Windows system call: The system cannot find the file specified. (0x2)\r\n",
                c.id
            ),
            String::new(),
            126,
        );
    }
    let build = if c.isolation == "hyperv" {
        build_of_image(&c.image).unwrap_or(host.build)
    } else {
        host.build
    };
    let args: Vec<&str> = cmd[1..].iter().map(String::as_str).collect();
    match stem.as_str() {
        "hostname" => (format!("{}\r\n", &c.id[..12]), String::new(), 0),
        "tasklist" => (tasklist(c), String::new(), 0),
        "powershell" => (get_process(c), String::new(), 0),
        "reg" => reg(c, &args),
        "cmd" => cmd_c(c, build, &args.join(" ")),
        _ => (String::new(), String::new(), 0),
    }
}

fn tasklist(c: &Container) -> String {
    let mut out = String::from(
        "\r\nImage Name                     PID Session Name        Session#    Mem Usage\r\n========================= ======== ================ =========== ============\r\n",
    );
    out.push_str("System Idle Process              0                            0          8 K\r\n");
    for (name, pid) in &c.procs {
        out.push_str(&format!(
            "{name:<25} {pid:>8} Services                   0      4,812 K\r\n"
        ));
    }
    out.push_str(&format!(
        "{:<25} {:>8} Services                   0      5,104 K\r\n",
        "tasklist.exe", 9990
    ));
    out
}

fn get_process(c: &Container) -> String {
    let mut out = String::from(
        "\r\nHandles  NPM(K)    PM(K)      WS(K)     CPU(s)     Id  SI ProcessName\r\n-------  ------    -----      -----     ------     --  -- -----------\r\n",
    );
    for (name, pid) in &c.procs {
        let stem = name.trim_end_matches(".exe").trim_end_matches(".EXE");
        out.push_str(&format!(
            "    167       9     1276       3720       0.20 {pid:>6}   0 {stem}\r\n"
        ));
    }
    out
}

/// `reg add KEY /v NAME /d DATA /f` and `reg query KEY /v NAME`, answered as
/// reg.exe prints them (the key's full name, then `NAME  REG_SZ  DATA`).
fn reg(c: &mut Container, args: &[&str]) -> (String, String, i64) {
    let key = args.get(1).map(|k| k.to_ascii_uppercase()).unwrap_or_default();
    let flag = |f: &str| {
        args.iter()
            .position(|a| a.eq_ignore_ascii_case(f))
            .and_then(|i| args.get(i + 1))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let (name, data) = (flag("/v"), flag("/d"));
    let full = key.replacen("HKLM\\", "HKEY_LOCAL_MACHINE\\", 1);
    match args.first().map(|a| a.to_ascii_lowercase()).as_deref() {
        Some("add") => {
            c.keys.retain(|(k, n, _)| !(*k == key && n.eq_ignore_ascii_case(&name)));
            c.keys.push((key, name, data));
            ("The operation completed successfully.\r\n\r\n".into(), String::new(), 0)
        }
        Some("query") => match c
            .keys
            .iter()
            .find(|(k, n, _)| *k == key && n.eq_ignore_ascii_case(&name))
        {
            Some((_, n, d)) => (
                format!("\r\n{full}\r\n    {n}    REG_SZ    {d}\r\n\r\n"),
                String::new(),
                0,
            ),
            None => (
                String::new(),
                "ERROR: The system was unable to find the specified registry key or value.\r\n".into(),
                1,
            ),
        },
        _ => (String::new(), "ERROR: Invalid syntax.\r\n".into(), 1),
    }
}

/// `cmd /c …`: `ver`, `echo x> file`, `dir /b file`, `type file`, `hostname`.
fn cmd_c(c: &mut Container, build: u32, line: &str) -> (String, String, i64) {
    let line = line.trim_start_matches("/c").trim_start_matches("/C").trim();
    let lower = line.to_ascii_lowercase();
    if lower == "ver" {
        return (
            format!("\r\nMicrosoft Windows [Version 10.0.{build}.1]\r\n"),
            String::new(),
            0,
        );
    }
    if lower == "hostname" {
        return (format!("{}\r\n", &c.id[..12]), String::new(), 0);
    }
    if lower.starts_with("echo ") {
        if let Some((_, file)) = line.split_once('>') {
            c.files.push(file.trim().to_ascii_lowercase());
        }
        return (String::new(), String::new(), 0);
    }
    for verb in ["dir /b ", "type "] {
        if let Some(file) = lower.strip_prefix(verb) {
            return if c.files.contains(&file.trim().to_string()) {
                let base = file.rsplit('\\').next().unwrap_or(file);
                (format!("{base}\r\n"), String::new(), 0)
            } else {
                (String::new(), "File Not Found\r\n".into(), 1)
            };
        }
    }
    let word = line.split_whitespace().next().unwrap_or("");
    (
        String::new(),
        format!(
            "'{word}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n"
        ),
        1,
    )
}

/// `POST /exec/{id}/start`: the connection is upgraded and the output comes
/// multiplexed (8-byte frame headers: stream, 0, 0, 0, big-endian length).
async fn exec_start(sock: &mut impl Conn, state: &Arc<Mutex<State>>, host: &WinHost, id: &str) -> std::io::Result<()> {
    let result = {
        let mut st = state.lock().unwrap();
        match st.execs.get(id).cloned() {
            None => None,
            Some(job) => {
                let out = match st.containers.iter_mut().find(|c| c.id == job.container) {
                    Some(c) => run_in(c, host, &job.cmd),
                    None => (String::new(), String::new(), 126),
                };
                if let Some(j) = st.execs.get_mut(id) {
                    j.exit = Some(out.2);
                }
                Some(out)
            }
        }
    };
    let Some((stdout, stderr, _)) = result else {
        return write_json(sock, err(404, format!("No such exec instance: {id}")), host).await;
    };
    sock.write_all(
        b"HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n",
    )
    .await?;
    for (stream, text) in [(1u8, stdout), (2u8, stderr)] {
        if text.is_empty() {
            continue;
        }
        let mut frame = vec![stream, 0, 0, 0];
        frame.extend_from_slice(&(text.len() as u32).to_be_bytes());
        frame.extend_from_slice(text.as_bytes());
        sock.write_all(&frame).await?;
    }
    sock.shutdown().await
}

/// `POST /images/create`: progress messages streamed over the pull's time,
/// as the daemon sends them (one JSON object per line), then the status line.
async fn pull(sock: &mut impl Conn, state: &Arc<Mutex<State>>, host: &WinHost, image: &str) -> std::io::Result<()> {
    sock.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
        .await?;
    let (repo, tag) = image.rsplit_once(':').unwrap_or((image, "latest"));
    let known = build_of_image(image).is_some() && repo.starts_with("mcr.microsoft.com/windows/");
    if !known {
        let msg =
            format!("manifest for {image} not found: manifest unknown: manifest tagged by \"{tag}\" is not found");
        let line = json!({"errorDetail": {"message": msg}, "error": msg});
        return sock.write_all(format!("{line}\r\n").as_bytes()).await;
    }
    sock.write_all(format!("{}\r\n", json!({"status": format!("Pulling from {repo}"), "id": tag})).as_bytes())
        .await?;
    let total: u64 = 120_000_000;
    let steps = 10u64;
    for i in 1..=steps {
        tokio::time::sleep(host.pull_time / steps as u32).await;
        let line = json!({"status": "Downloading", "id": "a1b2c3d4e5f6",
            "progressDetail": {"current": total * i / steps, "total": total}});
        sock.write_all(format!("{line}\r\n").as_bytes()).await?;
    }
    state.lock().unwrap().images.push(image.to_string());
    let done = json!({"status": format!("Status: Downloaded newer image for {image}")});
    sock.write_all(format!("{done}\r\n").as_bytes()).await
}

async fn write_json(sock: &mut impl Conn, reply: Reply, host: &WinHost) -> std::io::Result<()> {
    let reason = match reply.status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        409 => "Conflict",
        _ => "Internal Server Error",
    };
    let body = if reply.status == 204 {
        String::new()
    } else {
        reply.body.to_string()
    };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nApi-Version: {}\r\nOstype: windows\r\nServer: Docker/{} (windows)\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.status,
        host.api_version,
        host.engine_version,
        body.len()
    );
    sock.write_all(head.as_bytes()).await?;
    sock.write_all(body.as_bytes()).await?;
    sock.flush().await
}

/// One HTTP/1.1 request: head, then a Content-Length or chunked body.
async fn read_request(sock: &mut impl Conn) -> std::io::Result<Option<Request>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = sock.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or("").split_whitespace();
    let method = first.next().unwrap_or("").to_string();
    let target = first.next().unwrap_or("/").to_string();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = buf[head_end..].to_vec();
    if let Some(len) = headers.get("content-length").and_then(|l| l.parse::<usize>().ok()) {
        while body.len() < len {
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    } else if headers.get("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        while !body.ends_with(b"0\r\n\r\n") {
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
        body = dechunk(&body);
    }
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let (api_version, path) = match path.strip_prefix("/v").and_then(|p| p.split_once('/')) {
        Some((v, rest)) if v.contains('.') && v.chars().all(|c| c.is_ascii_digit() || c == '.') => {
            (Some(v.to_string()), format!("/{rest}"))
        }
        _ => (None, path.to_string()),
    };
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (unescape(k), unescape(v))
        })
        .collect();
    let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
    Ok(Some(Request {
        method,
        path: unescape(&path),
        query,
        api_version,
        body,
        status: 0,
    }))
}

fn dechunk(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = raw;
    while let Some(i) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..i]).trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < i + 2 + size {
            break;
        }
        out.extend_from_slice(&rest[i + 2..i + 2 + size]);
        rest = &rest[(i + 4 + size).min(rest.len())..];
    }
    out
}

/// Percent-decoding of a URL component (`+` is a space in a query).
fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&s[i + 1..i + 3], 16) {
                Ok(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                Err(_) => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}
