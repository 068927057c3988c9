/**
 * Warehouse sync (reverse ETL): rows from a SQL query become records in Sugar modules in insert,
 * update or upsert mode through Sugar's bulk API, sending only what changed since the last run and
 * giving every source row exactly one recorded outcome.
 */
package io.sugarbridge.sync;
