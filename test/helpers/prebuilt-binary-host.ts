import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A loopback stand-in for better-sqlite3's GitHub release downloads: prebuild-install (better-sqlite3's install script)
 * asks `npm_config_better_sqlite3_binary_host` for `/v<version>/better-sqlite3-v<version>-node-v<abi>-linux-x64.tar.gz`,
 * and gets this machine's own compiled `better_sqlite3.node` packed the way the release tarballs are
 * (`build/Release/better_sqlite3.node`). Without it, `npm ci` has no internet here and compiles the addon from source
 * (about a minute on 2 cores, every time).
 */
export interface PrebuiltBinaryHost {
  /** The env variables that point prebuild-install here. */
  env: Record<string, string>;
  /** Paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startPrebuiltBinaryHost(projectRoot: string): Promise<PrebuiltBinaryHost> {
  const pack = mkdtempSync(join(tmpdir(), 'pb-prebuilt-'));
  const addonDir = join(projectRoot, 'node_modules/better-sqlite3');
  const tarball = join(pack, 'binary.tar.gz');
  execFileSync('tar', ['czf', tarball, '-C', addonDir, 'build/Release/better_sqlite3.node']);
  const body = readFileSync(tarball);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const wanted = `-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
    if (!req.url?.endsWith(wanted)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: { npm_config_better_sqlite3_binary_host: `http://127.0.0.1:${port}` },
    requests,
    async close() {
      server.closeAllConnections(); // npm keeps its connections alive; close() alone waits for them to time out
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(pack, { recursive: true, force: true });
    },
  };
}
