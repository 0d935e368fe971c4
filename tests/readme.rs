//! The README's module table is the tree: every source file is listed under its module, and
//! every file listed exists.

use std::collections::BTreeSet;
use std::path::Path;

/// `a/{b,c}.rs` → `a/b.rs`, `a/c.rs`.
fn expand(item: &str) -> Vec<String> {
    match (item.find('{'), item.find('}')) {
        (Some(open), Some(close)) => item[open + 1..close]
            .split(',')
            .map(|part| format!("{}{}{}", &item[..open], part, &item[close + 1..]))
            .collect(),
        _ => vec![item.to_string()],
    }
}

fn files_under(dir: &Path, base: &Path, out: &mut BTreeSet<String>, recurse: bool) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if recurse {
                files_under(&path, base, out, true);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.insert(
                path.strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

#[test]
fn the_module_table_lists_every_source_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let table = readme
        .split("| module | files | what it does |")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap();
    let mut rows = 0;
    let mut modules = BTreeSet::new();
    for row in table.lines().skip(2) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (module, files) = (cells[1], cells[2]);
        let (dir, recurse) = match module {
            "(root)" => (root.join("src"), false),
            "the CLI" => (root.to_path_buf(), false),
            m => (root.join("src").join(m.trim_matches('`')), true),
        };
        let listed: BTreeSet<String> = files
            .split('`')
            .skip(1)
            .step_by(2)
            .flat_map(expand)
            .collect();
        let mut present = BTreeSet::new();
        if module == "the CLI" {
            files_under(&root.join("src/bin/pixcode"), root, &mut present, false);
        } else {
            files_under(&dir, &dir, &mut present, recurse);
        }
        assert_eq!(listed, present, "the README's files for {module}");
        modules.insert(module.trim_matches('`').to_string());
        rows += 1;
    }
    // Every directory of src/ (bin/ is the CLI's) is a module with a row.
    for entry in std::fs::read_dir(root.join("src")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if path.is_dir() && name != "bin" {
            assert!(
                modules.contains(&name),
                "src/{name} has no row in the README's table"
            );
        }
    }
    assert_eq!(rows, modules.len(), "a module listed twice");
}
