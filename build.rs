//! The book is embedded from `lessons/` (src/lesson/embedded.rs). `include_dir!`
//! makes each file a dependency, but on stable Rust it cannot tell cargo about
//! a file *added* to the folder: watching the folder here makes cargo recompile
//! the crate whenever anything in it changes, so the binary's book always
//! equals the folder.
fn main() {
    println!("cargo:rerun-if-changed=lessons");
    println!("cargo:rerun-if-changed=build.rs");
}
