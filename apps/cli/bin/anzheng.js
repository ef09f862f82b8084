#!/usr/bin/env node
// The `anzheng` command. The workspace runs TypeScript sources directly through tsx's
// loader, so there is no separate compile step between a change and the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
