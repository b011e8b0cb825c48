/**
 * Real-looking names and messages for the simulated organization: connectors, their tables,
 * and the errors each kind of system really produces. Only data here, no behaviour.
 */

export interface SourceKind {
  name: string;
  /** tables this source typically exposes, most common first */
  tables: string[];
  /** typical rows per table (order of magnitude) */
  rowScale: number;
  /** failure messages caused by the source */
  failures: string[];
  /** per-record problems, reported as errors/warnings */
  recordErrors: string[];
}

export interface DestinationKind {
  name: string;
  /** how the destination names tables: the schema name becomes `output_name` */
  outputName: (schema: string, source: string) => string;
  failures: string[];
  recordErrors: string[];
}

const snakeUpper = (s: string): string => s.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
const snake = (s: string): string => s.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();

export const SOURCES: Record<string, SourceKind> = {
  Salesforce: {
    name: 'Salesforce',
    tables: [
      'account', 'contact', 'opportunity', 'lead', 'campaign', 'case', 'task', 'event', 'user',
      'opportunity_line_item', 'product2', 'pricebook2', 'pricebook_entry', 'campaign_member',
      'contract', 'order', 'order_item', 'quote', 'quote_line_item', 'asset', 'entitlement',
      'opportunity_history', 'account_history', 'contact_history', 'lead_history', 'user_role',
      'record_type', 'territory2', 'forecasting_quota', 'email_message', 'solution', 'profile',
    ],
    rowScale: 200_000,
    failures: [
      'Salesforce: REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.',
      'Salesforce: INVALID_SESSION_ID: Session expired or invalid',
      'Salesforce: QUERY_TIMEOUT: Your query request was running for too long.',
      'Salesforce: INVALID_FIELD: No such column \'Region__c\' on entity \'Account\'',
      'Salesforce: bulk job 7504W00000bK9vQ failed: InternalServerError',
    ],
    recordErrors: [
      'field Description truncated to 32,768 characters',
      'invalid date value \'0000-00-00\' in CloseDate',
    ],
  },
  HubSpot: {
    name: 'HubSpot',
    tables: [
      'contacts', 'companies', 'deals', 'tickets', 'engagements', 'owners', 'line_items', 'products',
      'quotes', 'calls', 'emails', 'meetings', 'notes', 'tasks', 'deal_pipelines', 'ticket_pipelines',
      'forms', 'form_submissions', 'email_events', 'campaigns', 'marketing_emails', 'workflows',
      'contact_lists', 'contact_list_memberships', 'feedback_submissions', 'goals', 'invoices',
      'subscriptions', 'payments', 'communications',
    ],
    rowScale: 150_000,
    failures: [
      'HubSpot: 429 Too Many Requests: You have reached your secondly limit.',
      'HubSpot: 401 Unauthorized: The OAuth token used to make this call expired 2 hour(s) ago.',
      'HubSpot: 502 Bad Gateway from api.hubapi.com after 3 retries',
    ],
    recordErrors: [
      'property hs_lead_status has unknown option \'Qualified \'',
      'association to a deleted company skipped',
    ],
  },
  Postgres: {
    name: 'Postgres (prod)',
    tables: [
      'public.users', 'public.accounts', 'public.orders', 'public.order_items', 'public.products',
      'public.invoices', 'public.payments', 'public.subscriptions', 'public.plans', 'public.events',
      'public.sessions', 'public.organizations', 'public.memberships', 'public.addresses',
      'public.shipments', 'public.refunds', 'public.coupons', 'public.audit_log', 'public.feature_flags',
      'public.api_tokens', 'public.webhooks', 'public.notifications', 'public.comments',
      'public.projects', 'public.tasks', 'billing.ledger_entries', 'billing.tax_rates',
      'analytics.page_views', 'analytics.signups', 'analytics.experiments',
    ],
    rowScale: 1_000_000,
    failures: [
      'Postgres: dial tcp 10.0.4.12:5432: connect: connection timed out',
      'Postgres: pq: canceling statement due to conflict with recovery',
      'Postgres: pq: replication slot "polytomic_slot" does not exist',
    ],
    recordErrors: [
      'invalid byte sequence for encoding "UTF8": 0xc3 0x28',
      'numeric field overflow in column amount',
    ],
  },
  Stripe: {
    name: 'Stripe',
    tables: [
      'charges', 'customers', 'invoices', 'invoice_items', 'subscriptions', 'subscription_items',
      'payment_intents', 'payment_methods', 'refunds', 'balance_transactions', 'products', 'prices',
      'disputes', 'payouts', 'coupons', 'promotion_codes', 'credit_notes', 'tax_rates', 'transfers',
      'application_fees', 'checkout_sessions', 'setup_intents', 'events', 'plans', 'quotes',
      'accounts', 'files', 'early_fraud_warnings', 'reviews', 'topups',
    ],
    rowScale: 400_000,
    failures: [
      'Stripe: rate_limit: Too many requests hit the API too quickly.',
      'Stripe: api_key_expired: Expired API Key provided: rk_live_****',
    ],
    recordErrors: ['metadata key exceeds 40 characters', 'unknown currency \'xts\''],
  },
  Zendesk: {
    name: 'Zendesk',
    tables: [
      'tickets', 'users', 'organizations', 'groups', 'ticket_comments', 'ticket_fields',
      'ticket_metrics', 'ticket_audits', 'satisfaction_ratings', 'macros', 'brands', 'tags',
      'sla_policies', 'ticket_forms', 'views', 'triggers', 'automations', 'group_memberships',
      'organization_memberships', 'custom_roles', 'schedules', 'attachments', 'ticket_metric_events',
      'articles', 'sections', 'categories', 'votes', 'posts', 'topics', 'call_legs',
    ],
    rowScale: 80_000,
    failures: [
      'Zendesk: 429 Too Many Requests: Rate limit for incremental exports exceeded (10/min)',
      'Zendesk: 403 Forbidden: You do not have access to this page. Please contact the account owner.',
    ],
    recordErrors: ['custom field 360012345 has an invalid value'],
  },
  NetSuite: {
    name: 'NetSuite',
    tables: [
      'transaction', 'transactionline', 'customer', 'vendor', 'item', 'employee', 'account',
      'subsidiary', 'department', 'location', 'classification', 'currency', 'accountingperiod',
      'salesorder', 'invoice', 'creditmemo', 'vendorbill', 'journalentry', 'inventoryitem',
      'contact', 'partner', 'opportunity', 'estimate', 'purchaseorder', 'itemfulfillment',
      'customerpayment', 'vendorpayment', 'term', 'pricelevel', 'entity',
    ],
    rowScale: 300_000,
    failures: [
      'NetSuite: SSS_REQUEST_LIMIT_EXCEEDED: Request limit exceeded for concurrent requests',
      'NetSuite: INVALID_LOGIN_ATTEMPT: Invalid login attempt (token-based authentication)',
    ],
    recordErrors: ['SuiteQL returned a NULL primary key; row skipped'],
  },
  Marketo: {
    name: 'Marketo',
    tables: [
      'leads', 'activities', 'programs', 'campaigns', 'lists', 'list_memberships', 'emails',
      'landing_pages', 'forms', 'opportunities', 'companies', 'sales_persons', 'channels',
      'segmentations', 'program_members', 'smart_lists', 'snippets', 'tokens', 'folders',
      'activity_types', 'email_templates', 'named_accounts', 'custom_objects', 'deleted_leads',
      'lead_changes', 'static_lists', 'smart_campaigns', 'partitions', 'workspaces', 'users',
    ],
    rowScale: 500_000,
    failures: [
      'Marketo: 606 Max rate limit \'100\' exceeded with in \'20\' secs',
      'Marketo: 1029 Too many jobs in queue (bulk extract)',
    ],
    recordErrors: ['lead field \'Lead_Score__c\' is not numeric'],
  },
  Shopify: {
    name: 'Shopify',
    tables: [
      'orders', 'customers', 'products', 'product_variants', 'inventory_levels', 'inventory_items',
      'locations', 'collections', 'collects', 'transactions', 'refunds', 'fulfillments',
      'abandoned_checkouts', 'discount_codes', 'price_rules', 'gift_cards', 'metafields',
      'draft_orders', 'order_risks', 'tender_transactions', 'shop', 'balance_transactions',
      'disputes', 'payouts', 'smart_collections', 'custom_collections', 'pages', 'blogs',
      'articles', 'events',
    ],
    rowScale: 250_000,
    failures: [
      'Shopify: 429 Too Many Requests: Exceeded 2 calls per second for api client.',
      'Shopify: [API] Invalid API key or access token (unrecognized login or wrong password)',
    ],
    recordErrors: ['note_attributes contains invalid JSON'],
  },
};

export const DESTINATIONS: Record<string, DestinationKind> = {
  Snowflake: {
    name: 'Snowflake',
    outputName: (schema, source) => `${snakeUpper(source)}.${snakeUpper(schema)}`,
    failures: [
      'Snowflake: warehouse COMPUTE_WH suspended',
      'Snowflake: 390114 (08001): Authentication token has expired. The user must authenticate again.',
      'Snowflake: 002003 (42S02): SQL compilation error: Object \'ANALYTICS.RAW\' does not exist or not authorized.',
    ],
    recordErrors: ['String \'…\' is too long and would be truncated', 'Numeric value \'N/A\' is not recognized'],
  },
  BigQuery: {
    name: 'BigQuery',
    outputName: (schema, source) => `${snake(source)}.${snake(schema)}`,
    failures: [
      'BigQuery: googleapi: Error 403: Quota exceeded: Your table exceeded quota for imports or query appends per table, quotaExceeded',
      'BigQuery: googleapi: Error 404: Not found: Dataset analytics-prod:raw_data, notFound',
    ],
    recordErrors: ['Invalid timestamp: \'2023-02-30T00:00:00Z\'', 'Field value exceeds the maximum allowed size'],
  },
  Redshift: {
    name: 'Redshift',
    outputName: (schema, source) => `${snake(source)}.${snake(schema)}`,
    failures: [
      'Redshift: ERROR: Disk Full Detail: ----------------------------------------------- error: Disk Full',
      'Redshift: ERROR: Load into table \'stg\' failed. Check \'stl_load_errors\' system table for details.',
    ],
    recordErrors: ['value too long for type character varying(256)'],
  },
  Databricks: {
    name: 'Databricks',
    outputName: (schema, source) => `main.${snake(source)}.${snake(schema)}`,
    failures: [
      'Databricks: [DELTA_CONCURRENT_APPEND] ConcurrentAppendException: Files were added to the root of the table by a concurrent update.',
      'Databricks: SQL warehouse 8f2b1c3d4e5f6a7b is stopped and auto-start is disabled',
    ],
    recordErrors: ['[CAST_INVALID_INPUT] The value \'abc\' of the type "STRING" cannot be cast to "BIGINT"'],
  },
  Postgres: {
    name: 'Postgres (analytics)',
    outputName: (schema, source) => `${snake(source)}.${snake(schema.replace(/^public\./, ''))}`,
    failures: ['Postgres: pq: deadlock detected', 'Postgres: pq: could not extend file "base/16384/2619": No space left on device'],
    recordErrors: ['value too long for type character varying(255)'],
  },
  S3: {
    name: 'S3',
    outputName: (schema, source) => `s3://acme-lake/raw/${snake(source)}/${snake(schema)}/`,
    failures: ['S3: AccessDenied: Access Denied (Service: Amazon S3; Status Code: 403)'],
    recordErrors: ['record larger than 16 MiB skipped'],
  },
};

/** The default organization's syncs, in order; later ones repeat with a region suffix. */
export const SYNC_PAIRS: Array<[source: string, destination: string]> = [
  ['Salesforce', 'Snowflake'],
  ['Postgres', 'Snowflake'],
  ['HubSpot', 'BigQuery'],
  ['Stripe', 'Redshift'],
  ['Zendesk', 'Databricks'],
  ['NetSuite', 'Snowflake'],
  ['Marketo', 'BigQuery'],
  ['Shopify', 'Postgres'],
  ['Salesforce', 'BigQuery'],
  ['Stripe', 'Snowflake'],
  ['HubSpot', 'S3'],
  ['Postgres', 'Databricks'],
];

export const REGION_SUFFIXES = ['EU', 'US', 'APAC', 'staging', 'backfill', 'sandbox', 'finance', 'growth'];

export const GENERIC_FAILURES = [
  'context deadline exceeded while waiting for the source to respond',
  'worker lost heartbeat; execution will be retried on the next schedule',
];

export const INTERRUPTED_MESSAGE = 'Execution interrupted: the worker running it was restarted during a deploy';
