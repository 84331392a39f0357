// Database ids are UUIDs; checking the shape up front turns a malformed id into BAD_USER_INPUT
// instead of a database error.
import { z } from "zod";

export const uuid = z.string().uuid("is not a valid id");
