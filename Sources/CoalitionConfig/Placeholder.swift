// CoalitionConfig
