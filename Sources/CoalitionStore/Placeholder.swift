// CoalitionStore
