"""The official Instagram Platform (Instagram API with Instagram Login) as a second backend.

``client`` publishes through media containers and reads comments, replies and mentions over
httpx; ``errors`` maps every documented Graph error code and subcode into tipqueue's error tree;
``token`` keeps the long-lived access token and refreshes it; ``oauth`` runs the login;
``hosting`` puts images where Meta can fetch them; ``webhooks`` checks and reads Meta's
notifications; ``fake`` is a loopback Graph API for tests and the demo.

Nothing here is imported until a graph account publishes or collects (httpx, boto3 stay unloaded
for commands that do neither).
"""
