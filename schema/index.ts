// The whole API: importing each type family registers it on the builder.
import { builder } from "./builder.js";
import "./company.js";
import "./issue.js";
import "./environment.js";
import "./run.js";
import "./usage.js";
import "./run-logs.js";
import "./provider.js";
import "./schedule.js";
import "./company-events.js";
import "./viewer.js";

export const schema = builder.toSchema({ sortSchema: true });
