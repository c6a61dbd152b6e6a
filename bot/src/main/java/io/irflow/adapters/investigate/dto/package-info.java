/**
 * Vendor DTO records of the investigate API: only the fields irflow reads; they never leave the investigate adapter.
 */
package io.irflow.adapters.investigate.dto;
