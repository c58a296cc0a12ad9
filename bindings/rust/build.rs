// Finds liblincheck (lincheck's C API library, bindings/c) and links it, in this order:
//  1. LINCHECK_BUILD_DIR: a CMake build directory of lincheck (the library is in bindings/c/ under it);
//  2. pkg-config (`lincheck.pc`, installed with lincheck or its Debian package);
//  3. the source tree's own build, ../../build/default (what ./scripts/setup makes).
// No crates: only the standard library, so that the crate builds offline.
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const LIBRARY: &str = "liblincheck.so";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=LINCHECK_BUILD_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");

    if let Ok(dir) = env::var("LINCHECK_BUILD_DIR") {
        match find_in_build(Path::new(&dir)) {
            Some(lib) => return link(&lib, true),
            None => fail(&format!("LINCHECK_BUILD_DIR={}: no {} under it (build lincheck there first)", dir, LIBRARY)),
        }
    }
    if let Some(libdir) = pkg_config_libdir() {
        let system = libdir.starts_with("/usr/lib") || libdir.starts_with("/lib");
        return link(&libdir, !system);
    }
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    if let Some(lib) = find_in_build(&manifest.join("../../build/default")) {
        return link(&lib, true);
    }
    fail("liblincheck not found: build lincheck (./scripts/setup) and set LINCHECK_BUILD_DIR to its build \
          directory, or install lincheck where pkg-config finds lincheck.pc");
}

fn fail(message: &str) -> ! {
    eprintln!("lincheck build script: {}", message);
    std::process::exit(1);
}

// The directory of liblincheck.so in a CMake build tree.
fn find_in_build(build: &Path) -> Option<PathBuf> {
    let candidates = [build.join("bindings/c"), build.to_path_buf()];
    let found = candidates.iter().find(|dir| dir.join(LIBRARY).exists())?;
    Some(found.canonicalize().unwrap_or_else(|_| found.clone()))
}

fn pkg_config_libdir() -> Option<PathBuf> {
    let output = Command::new("pkg-config").args(["--variable=libdir", "lincheck"]).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let libdir = String::from_utf8(output.stdout).ok()?;
    let libdir = PathBuf::from(libdir.trim());
    if libdir.join(LIBRARY).exists() {
        Some(libdir.canonicalize().unwrap_or(libdir))
    } else {
        None
    }
}

fn link(dir: &Path, rpath: bool) {
    println!("cargo:rustc-link-search=native={}", dir.display());
    println!("cargo:rustc-link-lib=dylib=lincheck");
    if rpath {
        // Programs built here find the library where it was found, without LD_LIBRARY_PATH.
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
    }
    println!("cargo:rerun-if-changed={}", dir.join(LIBRARY).display());
}
