/**
 * Elasticsearch errors: the EsError class and its plain-data form, the catalogue of the
 * error types the simulator answers with (type → status, one constructor each), and how
 * an exception is written as JSON.
 */
export * from './es-error';
export * from './catalogue';
export * from './exception-json';
