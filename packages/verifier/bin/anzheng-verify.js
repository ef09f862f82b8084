#!/usr/bin/env node
// The `anzheng-verify` command. In the workspace the TypeScript sources run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
