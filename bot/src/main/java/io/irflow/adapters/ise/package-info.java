/**
 * Cisco ISE: its module (the {@code ise} section), its config, ERS and MnT clients, session enrichment, and ANC
 * quarantine.
 */
package io.irflow.adapters.ise;
