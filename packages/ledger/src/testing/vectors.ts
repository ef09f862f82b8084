import { readFileSync } from 'node:fs';

/** Loads a copied known-answer vector file from packages/ledger/test-vectors/. */
export function loadVectors<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../test-vectors/${file}`, import.meta.url), 'utf8')) as T;
}

export type MerkleVectors = {
  roots: { size: number; root: string }[];
  inclusion: { index: number; size: number; leaf: string; proof: string[] }[];
  consistency: { oldSize: number; newSize: number; proof: string[] }[];
};

export type NoteVectors = {
  signerKey: string;
  verifierKey: string;
  text: string;
  signedNote: string;
  secondVerifierKey: string;
  secondSignatureLine: string;
};

export const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
export const toB64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
