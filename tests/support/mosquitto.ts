/**
 * A real MQTT broker for tests: Debian's mosquitto with a WebSocket listener on 127.0.0.1 (a free port), a
 * password file and no anonymous access, persistence in its own temporary folder (retained messages and
 * persistent sessions survive a stop and start, as on a real server).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const MOSQUITTO = process.env.MOSQUITTO ?? '/usr/sbin/mosquitto';

export interface Broker {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function makeBroker(users: Record<string, string>): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  const port = await freePort();
  const tcpPort = await freePort();
  const passwords = join(dir, 'passwords');
  for (const [i, [user, password]] of Object.entries(users).entries()) {
    execFileSync('mosquitto_passwd', [...(i === 0 ? ['-c'] : []), '-b', passwords, user, password]);
  }
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      // Debian's mosquitto 2.0.11 refuses to start with WebSocket listeners only: a plain one (unused) too.
      `listener ${tcpPort} 127.0.0.1`,
      `listener ${port} 127.0.0.1`,
      'protocol websockets',
      // Run as whoever runs the tests (as root, mosquitto would switch to a user that cannot read this folder).
      `user ${userInfo().username}`,
      'allow_anonymous false',
      `password_file ${passwords}`,
      'persistence true',
      `persistence_location ${dir}/`,
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const broker: Broker = {
    url: `ws://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
      let log = '';
      child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      const started = child;
      for (let i = 0; i < 100; i++) {
        if (started.exitCode !== null) throw new Error(`mosquitto exited (${started.exitCode}): ${log}`);
        if (await listening(port)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`mosquitto did not listen on ${port}: ${log}`);
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    },
    async dispose() {
      await broker.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return broker;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
