/**
 * Vendor DTO records of the threatresponse API: only the fields irflow reads; they never leave the threatresponse
 * adapter.
 */
package io.irflow.adapters.threatresponse.dto;
