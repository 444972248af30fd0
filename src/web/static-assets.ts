/**
 * Static files with fingerprinted addresses: at start, each file in public/ gets
 * a hash of its content, and pages link to `/static/app.css?v=<hash>` (the
 * `asset` view helper). A request carrying the current hash may be cached for a
 * year (the address changes when the file does); any other request for the same
 * file gets the short lifetime, so an old page never pins a stale file.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import express, { type Request, type RequestHandler, type Response } from 'express';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

export interface StaticAssets {
  /** Each file in public/ by name -> its fingerprinted address. */
  urls: Record<string, string>;
  serve: RequestHandler;
}

export function staticAssets(publicDir: string): StaticAssets {
  const hashes = new Map(
    readdirSync(publicDir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => [entry.name, createHash('sha256').update(readFileSync(join(publicDir, entry.name))).digest('base64url').slice(0, 12)]),
  );
  return {
    urls: Object.fromEntries([...hashes].map(([name, hash]) => [name, `/static/${name}?v=${hash}`])),
    serve: express.static(publicDir, {
      maxAge: '1h',
      index: false,
      setHeaders(res: Response, file: string) {
        const req = (res as Response & { req: Request }).req;
        if (req.query.v !== undefined && req.query.v === hashes.get(basename(file))) res.setHeader('Cache-Control', `public, max-age=${YEAR_SECONDS}, immutable`);
      },
    }),
  };
}
