/** Vendor DTO records of the umbrella API: only the fields irflow reads; they never leave the umbrella adapter. */
package io.irflow.adapters.umbrella.dto;
