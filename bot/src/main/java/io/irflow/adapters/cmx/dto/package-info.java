/** Vendor DTO records of the cmx API: only the fields irflow reads; they never leave the cmx adapter. */
package io.irflow.adapters.cmx.dto;
