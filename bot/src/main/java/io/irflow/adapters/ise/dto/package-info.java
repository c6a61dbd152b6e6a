/** Vendor DTO records of the ise API: only the fields irflow reads; they never leave the ise adapter. */
package io.irflow.adapters.ise.dto;
