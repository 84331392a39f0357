// GraphQL Code Generator: the committed SDL (schema.graphql) printed from the Pothos schema, and
// typed documents for the tests' operations (test/gql, generated).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "./schema/index.ts",
  documents: ["test/**/*.ts", "bench/**/*.ts", "!test/gql/**"],
  ignoreNoDocuments: true,
  generates: {
    "schema.graphql": { plugins: ["schema-ast"], config: { includeDirectives: false } },
    "test/gql/": {
      preset: "client",
      config: { emitLegacyCommonJSImports: false, importExtension: ".js", useTypeImports: true, scalars: { JSON: "unknown", DateTime: "string" } },
    },
  },
};

export default config;
