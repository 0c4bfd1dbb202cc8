/**
 * Issue 24, sign-in through the hospital's identity provider (OpenID Connect). A staff user made or
 * signed in by the provider is named by the issuer and its `sub` claim (unique together; local users
 * have neither: NULLs do not collide in a unique index on SQLite or PostgreSQL), and its e-mail from
 * the provider's claims. A sign-in in
 * flight (state, nonce, PKCE verifier, where to return) waits in `oidc_logins`, so the callback may
 * reach another server process than the start; the state is stored only as a SHA-256 hash, each
 * row lives minutes and is deleted when used (single use).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_users').addColumn('oidc_issuer', 'text').execute();
  await db.schema.alterTable('staff_users').addColumn('oidc_subject', 'text').execute();
  await db.schema.alterTable('staff_users').addColumn('email', 'text').execute();
  await db.schema.createIndex('staff_users_oidc_subject').unique().on('staff_users').columns(['oidc_issuer', 'oidc_subject']).execute();

  await db.schema
    .createTable('oidc_logins')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    /** The hash of the browser's binding cookie: a callback URL carried to another browser opens nothing. */
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_logins_expires_at').on('oidc_logins').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oidc_logins').execute();
  await db.schema.dropIndex('staff_users_oidc_subject').execute();
  await db.schema.alterTable('staff_users').dropColumn('email').execute();
  await db.schema.alterTable('staff_users').dropColumn('oidc_subject').execute();
  await db.schema.alterTable('staff_users').dropColumn('oidc_issuer').execute();
}
