// CoalitionWire
