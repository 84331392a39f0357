#!/usr/bin/env node
// The runyard-runner command. Node 20 cannot run .ts, so this plain .js registers tsx's ESM loader in this same process and then imports the TypeScript main: one process, so signals reach the runner directly (the tsx CLI would add a child process in between).
import { register } from "tsx/esm/api";

register();
const { runAndExit } = await import("../main.ts");
runAndExit(process.argv.slice(2));
