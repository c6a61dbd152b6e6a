/** Vendor DTO records of the virustotal API: only the fields irflow reads; they never leave the virustotal adapter. */
package io.irflow.adapters.virustotal.dto;
