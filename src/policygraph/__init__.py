"""policygraph: Chinese policy documents to a knowledge graph of policy lineage."""
