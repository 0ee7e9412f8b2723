#!/usr/bin/env node
// Entry point of the kryton-operator CLI; the compiled sources live in dist/ (`npm run build`).
import 'reflect-metadata';
const { main } = await import('../dist/handlers/cli/main.js');
await main(process.argv);
