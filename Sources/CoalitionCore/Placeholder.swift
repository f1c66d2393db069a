// CoalitionCore
