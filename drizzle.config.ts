import { defineConfig } from 'drizzle-kit'

// drizzle-kit 0.31 writes flat NNNN_name.sql files, which `wrangler d1 migrations apply`
// and the tests' readD1Migrations() both read from migrations/.
export default defineConfig({
  dialect: 'sqlite',
  schema: './worker/src/db/schema/index.ts',
  out: './migrations',
})
