/** Vendor DTO records of the threatgrid API: only the fields irflow reads; they never leave the threatgrid adapter. */
package io.irflow.adapters.threatgrid.dto;
