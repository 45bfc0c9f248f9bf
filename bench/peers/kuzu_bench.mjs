// Kuzu's side of the scale benchmark, driven from Node (kuzu package from
// npm, installed by bench/run into bench/.peers). Output as in common.py.
//
//   node kuzu_bench.mjs GRAPH.tsv SEEDS --db DIR [--phase import|query|all]
//                       [--limit TASK=N ...]
//
// Schema: NODE TABLE Entity(name PRIMARY KEY) and REL TABLE Related(FROM
// Entity TO Entity, rel STRING). Both are filled by COPY from LOAD FROM over
// the TSV itself, Kuzu's bulk path (the TSV must not quote fields). The
// store is then closed and reopened, and the reopen is the "open+load" time.
// --phase import and --phase query run the two halves in separate processes
// so that each one's memory is measured alone. Queries run as prepared
// statements on one thread (setMaxNumThreadForExec(1)), as every other
// system here answers a query on one thread. k shortest paths: "n/a" (Kuzu
// has SHORTEST and ALL SHORTEST, not k shortest).
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import readline from "node:readline";

const require = createRequire(import.meta.url);
const peersDir = process.env.KG_BENCH_PEERS ??
    path.join(path.dirname(new URL(import.meta.url).pathname), "..", ".peers");
const kuzu = require(path.join(peersDir, "node_modules", "kuzu"));

function parseArgs(argv) {
  const args = { positional: [], limits: {}, maxDepth: 6, db: null, phase: "all" };
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if (arg === "--db") args.db = argv[++i];
    else if (arg === "--max-depth") args.maxDepth = Number(argv[++i]);
    else if (arg === "--phase") args.phase = argv[++i];
    else if (arg === "--k") ++i;  // no k shortest paths in Kuzu
    else if (arg === "--limit") {
      const [task, count] = argv[++i].split("=");
      if (!/^\d+$/.test(count ?? "")) fail(`--limit ${argv[i]}: expected TASK=N`);
      args.limits[task] = Number(count);
    } else if (arg.startsWith("--")) fail(`unknown option ${arg}`);
    else args.positional.push(arg);
  }
  if (args.positional.length !== 2 || !args.db || !["import", "query", "all"].includes(args.phase)) {
    fail("usage: kuzu_bench.mjs GRAPH.tsv SEEDS --db DIR [--phase import|query|all] " +
         "[--limit TASK=N ...]");
  }
  return args;
}

function fail(message) {
  process.stderr.write(`kuzu_bench: ${message}\n`);
  process.exit(1);
}

function readSeeds(file) {
  const seeds = { who: [], hood: [], path: [] };
  fs.readFileSync(file, "utf8").split("\n").forEach((line, index) => {
    if (!line.trim() || line.startsWith("#")) return;
    const f = line.split("\t");
    if (f[0] === "hood" && f.length === 2) seeds.hood.push(f[1]);
    else if ((f[0] === "who" || f[0] === "path") && f.length === 3) seeds[f[0]].push([f[1], f[2]]);
    else fail(`${file}:${index + 1}: expected who R X, hood X or path A B`);
  });
  return seeds;
}

// Lines before the first statement (comments, blanks, a header), which
// Kuzu's CSV reader is told to skip.
async function leadingLines(file) {
  const lines = readline.createInterface({ input: fs.createReadStream(file) });
  let skip = 0;
  for await (const line of lines) {
    if (line.trim() === "" || line.startsWith("#") || line.startsWith("subject\trelation\tobject")) {
      ++skip;
    } else {
      break;
    }
  }
  lines.close();
  return skip;
}

function percentile(values, p) {
  if (values.length === 0) return 0;
  const ordered = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.min(ordered.length, Math.ceil(p * ordered.length)));
  return ordered[rank - 1];
}

function runTask(task, items, limit, query) {
  const chosen = limit === undefined ? items : items.slice(0, limit);
  const micros = [];
  const answers = [];
  for (const item of chosen) {
    const start = process.hrtime.bigint();
    let answer;
    try {
      answer = query(item);
    } catch (error) {
      fail(`${task} ${JSON.stringify(item)}: ${error.message}`);
    }
    micros.push(Number(process.hrtime.bigint() - start) / 1000);
    answers.push(answer);
  }
  return {
    count: chosen.length, median_us: percentile(micros, 0.5), p99_us: percentile(micros, 0.99),
    total_s: micros.reduce((a, b) => a + b, 0) / 1e6, answers,
  };
}

function diskBytes(target) {
  if (!fs.existsSync(target)) return null;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(target).reduce((sum, name) => sum + diskBytes(path.join(target, name)), 0);
}

function rssBytes() {
  const line = fs.readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return line ? Number(line.split(/\s+/)[1]) * 1024 : 0;
}

function scalar(conn, statement, params) {
  const rows = conn.executeSync(statement, params).getAllSync();
  return rows.length === 0 ? null : Object.values(rows[0])[0];
}

async function importGraph(tsv, db) {
  fs.rmSync(db, { recursive: true, force: true });
  fs.rmSync(db + ".wal", { force: true });
  const database = new kuzu.Database(db);
  const conn = new kuzu.Connection(database);
  const skip = await leadingLines(tsv);
  const source = `LOAD FROM '${tsv.replaceAll("'", "\\'")}' ` +
      `(file_format='csv', header=false, auto_detect=false, delim='\t', skip=${skip})`;
  const start = process.hrtime.bigint();
  conn.querySync("CREATE NODE TABLE Entity(name STRING, PRIMARY KEY(name))");
  conn.querySync("CREATE REL TABLE Related(FROM Entity TO Entity, rel STRING)");
  conn.querySync(`COPY Entity FROM (${source} RETURN column0 AS name ` +
                 `UNION ${source} RETURN column2 AS name)`);
  conn.querySync(`COPY Related FROM (${source} RETURN column0, column2, column1)`);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  conn.closeSync();
  database.closeSync();
  return seconds;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const [tsv, seedsFile] = args.positional;
  const seeds = readSeeds(seedsFile);
  let importSeconds = null;
  if (args.phase !== "query") {
    importSeconds = await importGraph(path.resolve(tsv), args.db);
    if (args.phase === "import") {
      process.stdout.write(JSON.stringify({
        system: "kuzu",
        load: { import_s: importSeconds, peak_rss_bytes: process.resourceUsage().maxRSS * 1024 },
      }) + "\n");
      return;
    }
  }
  if (!fs.existsSync(args.db)) fail(`no database at ${args.db}; run --phase import first`);

  const rssBefore = rssBytes();
  let start = process.hrtime.bigint();
  const database = new kuzu.Database(args.db);
  const conn = new kuzu.Connection(database);
  conn.setMaxNumThreadForExec(1);
  const vertices = Number(scalar(conn, conn.prepareSync("MATCH (e:Entity) RETURN count(e)")));
  const openSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rssAfter = rssBytes();
  const edges = Number(scalar(conn, conn.prepareSync("MATCH ()-[r:Related]->() RETURN count(r)")));

  const who = conn.prepareSync(
      "MATCH (s:Entity)-[r:Related]->(x:Entity {name: $x}) WHERE r.rel = $r RETURN count(DISTINCT s)");
  const hop1 = conn.prepareSync(
      "MATCH (a:Entity {name: $a})-[:Related]-(b:Entity) WHERE b <> a RETURN count(DISTINCT b)");
  const hop2 = conn.prepareSync(
      "MATCH (a:Entity {name: $a})-[:Related*1..2]-(b:Entity) WHERE b <> a RETURN count(DISTINCT b)");
  const shortest = conn.prepareSync(
      `MATCH p = (a:Entity {name: $a})-[:Related* SHORTEST 1..${args.maxDepth}]-(b:Entity {name: $b}) ` +
      "RETURN length(p) LIMIT 1");
  const count = (value) => Number(value ?? 0);

  const tasks = {
    who: runTask("who", seeds.who, args.limits.who, ([r, x]) => count(scalar(conn, who, { r, x }))),
    hop1: runTask("hop1", seeds.hood, args.limits.hop1, (a) => count(scalar(conn, hop1, { a }))),
    hop2: runTask("hop2", seeds.hood, args.limits.hop2, (a) => count(scalar(conn, hop2, { a }))),
    path: runTask("path", seeds.path, args.limits.path, ([a, b]) => {
      const length = scalar(conn, shortest, { a, b });
      return length === null ? -1 : Number(length);
    }),
    kpath: "n/a",
  };
  const result = {
    system: "kuzu",
    version: kuzu.VERSION ?? JSON.parse(fs.readFileSync(
        path.join(peersDir, "node_modules", "kuzu", "package.json"), "utf8")).version,
    graph: { vertices, edges },
    load: {
      import_s: importSeconds, open_load_s: openSeconds, disk_bytes: diskBytes(args.db),
      rss_before_bytes: rssBefore, rss_after_load_bytes: rssAfter,
      peak_rss_bytes: process.resourceUsage().maxRSS * 1024,
    },
    tasks,
  };
  process.stdout.write(JSON.stringify(result) + "\n");
  conn.closeSync();
  database.closeSync();
}

main().catch((error) => fail(error.message));
