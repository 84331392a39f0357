// GraphQL Code Generator: the committed SDL (schema.graphql) printed from the Pothos schema, and
// typed documents for the tests' operations (test/gql, generated) and for the runner's (runner/gql: strings, so the
// runner needs no graphql package at run time) and for the dashboard's (dashboard/src/gql: documents urql sends
// as they are, typed; no graphql package in the page either).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "./schema/index.ts",
  ignoreNoDocuments: true,
  generates: {
    "schema.graphql": { plugins: ["schema-ast"], config: { includeDirectives: false } },
    "test/gql/": {
      documents: ["test/**/*.ts", "bench/**/*.ts", "!test/gql/**"],
      preset: "client",
      config: { emitLegacyCommonJSImports: false, importExtension: ".js", useTypeImports: true, scalars: { JSON: "unknown", DateTime: "string" } },
    },
    "runner/gql/": {
      documents: ["runner/**/*.ts", "!runner/gql/**"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { documentMode: "string", emitLegacyCommonJSImports: false, importExtension: ".js", useTypeImports: true, scalars: { JSON: "unknown", DateTime: "string" } },
    },
    "dashboard/src/gql/": {
      documents: ["dashboard/src/**/*.{ts,tsx}", "!dashboard/src/gql/**"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { JSON: "unknown", DateTime: "string" } },
    },
  },
};

export default config;
