# Installing kryton-operator with kustomize (through kubectl, which has kustomize built in), and the
# project's generate and test steps. `make help` lists the targets.

# The verified binaries from `npm ci` when present, else whatever is on PATH.
KUBECTL ?= $(if $(wildcard tools/bin/kubectl),tools/bin/kubectl,kubectl)
HELM ?= $(if $(wildcard tools/bin/helm),tools/bin/helm,helm)
NODE ?= $(if $(wildcard node_modules/.bin/node),node_modules/.bin/node,node)

# The operator image `make deploy` runs, e.g. make deploy IMG=ghcr.io/azrtydxb/kryton/kryton-operator:0.1.0
IMG ?=
OVERLAY := .build/deploy

.PHONY: help install uninstall deploy undeploy bundle generate lint-charts test samples

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

install: ## Install the CRDs into the cluster of the current kubeconfig.
	$(KUBECTL) apply -k deploy/crd

uninstall: ## Remove the CRDs (and with them every Kryton object: run `make undeploy` after deleting your Krytons).
	$(KUBECTL) delete -k deploy/crd --ignore-not-found

deploy: ## Install the CRDs, the operator's namespace, RBAC and Deployment running IMG.
	@if [ -z "$(IMG)" ]; then echo 'make deploy needs the operator image: make deploy IMG=ghcr.io/azrtydxb/kryton/kryton-operator:<tag>' >&2; exit 2; fi
	$(NODE) scripts/write-deploy-overlay.mjs '$(IMG)' $(OVERLAY)
	$(KUBECTL) apply -k $(OVERLAY)

undeploy: ## Remove the operator (Deployment, RBAC, namespace); the CRDs stay until `make uninstall`.
	$(KUBECTL) delete -k deploy/manager --ignore-not-found
	$(KUBECTL) delete -k deploy/rbac --ignore-not-found

samples: ## Apply the sample Kryton objects (and the backup sample's credentials Secret).
	$(KUBECTL) apply -k deploy/samples

bundle: generate ## Write deploy/kryton-crds.yaml, the CRD bundle for `kubectl apply -f`.
	@echo 'deploy/kryton-crds.yaml is up to date'

generate: ## Regenerate everything derived from the CRD and the operator chart.
	$(NODE) scripts/generate-from-crd.mjs
	$(NODE) scripts/generate-deploy-from-chart.mjs

lint-charts: ## helm lint both charts.
	$(HELM) lint chart/kryton chart/kryton-operator

test: ## Lint, type-check, build and run every test.
	npm test
