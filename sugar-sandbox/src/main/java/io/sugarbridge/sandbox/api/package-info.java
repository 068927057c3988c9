/**
 * The seam between the sandbox's HTTP layer (versions, arguments, OAuth2, faults) and its Sugar
 * application (modules, records, filters, links, Users): plain values in, plain values out.
 */
package io.sugarbridge.sandbox.api;
