/** Vendor DTO records of the cognitive API: only the fields irflow reads; they never leave the cognitive adapter. */
package io.irflow.adapters.cognitive.dto;
