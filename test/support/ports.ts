// The tests' name for the server's free-port helper.
export { freePort as getFreePort } from "../../server/ports.js";
