/** Vendor DTO records of the amp API: only the fields irflow reads; they never leave the amp adapter. */
package io.irflow.adapters.amp.dto;
