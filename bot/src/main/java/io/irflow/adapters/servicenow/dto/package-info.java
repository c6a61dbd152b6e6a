/** Vendor DTO records of the servicenow API: only the fields irflow reads; they never leave the servicenow adapter. */
package io.irflow.adapters.servicenow.dto;
